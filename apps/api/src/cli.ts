import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiKeysModule, ApiKeysService, type ApiKeyEnvironment } from '@app/auth';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';

@Module({ imports: [ConfigModule, DatabaseModule, ApiKeysModule] })
class CliModule {}

const USAGE = `Usage:
  npm run cli -- api-keys:create --user <userId> [--org <orgId>] [--name <name>]
                 [--scopes <scope,scope>] [--environment test|production] [--expires-at <ISO date>]

Creates a platform API key without a dashboard and prints it as the last line.`;

async function createApiKey(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      user: { type: 'string' },
      org: { type: 'string' },
      name: { type: 'string', default: 'Bootstrap key' },
      scopes: { type: 'string', default: '*' },
      environment: { type: 'string', default: 'test' },
      'expires-at': { type: 'string' },
    },
    strict: true,
  });
  if (!values.user) throw new UsageError('--user is required');
  if (values.environment !== 'test' && values.environment !== 'production') {
    throw new UsageError('--environment must be test or production');
  }
  const expiresAt = values['expires-at'] ? new Date(values['expires-at']) : null;
  if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new UsageError('--expires-at is not a date');

  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    const { row, key } = await app.get(ApiKeysService).create(
      { userId: values.user, orgId: values.org ?? null },
      {
        name: values.name,
        scopes: values.scopes.split(',').map((scope) => scope.trim()).filter(Boolean),
        environment: values.environment as ApiKeyEnvironment,
        expiresAt,
      },
    );
    console.error(
      `Created API key ${row.id} "${row.name}" for tenant ${row.tenantId} with scopes ${row.scopes.join(',')}.`,
    );
    console.error('Store it now: it cannot be shown again.');
    console.log(key);
  } finally {
    await app.close();
  }
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'api-keys:create':
      return createApiKey(rest);
    default:
      throw new UsageError(command ? `Unknown command "${command}"` : 'No command given');
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
