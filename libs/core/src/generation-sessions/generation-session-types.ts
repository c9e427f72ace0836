/** Session statuses (spec §7.11 shows `intake` and `generating`; the rest complete the lifecycle). */
export const GENERATION_SESSION_STATUSES = [
  'intake',
  'planning',
  'generating',
  'assembling',
  'completed',
  'failed',
  'cancelled',
] as const;

export type GenerationSessionStatus = (typeof GENERATION_SESSION_STATUSES)[number];

/**
 * A session lives 7 days from its creation (updates do not extend it). Past `expiresAt` it is
 * gone for the API: 404 on every route and absent from the list.
 */
export const GENERATION_SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
