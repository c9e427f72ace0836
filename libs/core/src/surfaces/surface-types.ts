/** Values seen in the public docs and skills (spec §1.15); the docs render no authoritative list. */
export const SURFACE_TYPES = [
  'chat',
  'api',
  'web',
  'mcp',
  'mcp_code',
  'email',
  'webhook',
  'slack',
  'schedule',
  'sms',
  'imessage',
  'discord',
  'whatsapp',
  'telegram',
  'messaging',
  'a2a',
  'hosted-page',
] as const;

export const SURFACE_STATUSES = ['active', 'inactive', 'paused', 'draft'] as const;

export const ENVIRONMENTS = ['development', 'test', 'production'] as const;
