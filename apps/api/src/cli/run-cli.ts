import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiKeysModule, ApiKeysService, type ApiKeyEnvironment } from '@app/auth';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';

/** Where the CLI writes: notes go to stderr, the result (the key) to stdout as the last line. */
export interface CliOutput {
  info(line: string): void;
  result(line: string): void;
}

const consoleOutput: CliOutput = { info: (line) => console.error(line), result: (line) => console.log(line) };

@Module({ imports: [ConfigModule, DatabaseModule, ApiKeysModule] })
class CliModule {}

export const USAGE = `Usage:
  npm run cli -- api-keys:create --user <userId> [--org <orgId>] [--name <name>]
                 [--scopes <scope,scope>] [--environment test|production] [--expires-at <ISO date>]

Creates a platform API key without a dashboard and prints it as the last line.`;

async function createApiKey(args: string[], out: CliOutput): Promise<void> {
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
        scopes: values.scopes
          .split(',')
          .map((scope) => scope.trim())
          .filter(Boolean),
        environment: values.environment as ApiKeyEnvironment,
        expiresAt,
      },
    );
    out.info(
      `Created API key ${row.id} "${row.name}" for tenant ${row.tenantId} with scopes ${row.scopes.join(',')}.`,
    );
    out.info('Store it now: it cannot be shown again.');
    out.result(key);
  } finally {
    await app.close();
  }
}

export class UsageError extends Error {}

/** Runs one CLI command. Throws UsageError for bad invocations. */
export async function runCli(argv: string[], out: CliOutput = consoleOutput): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'api-keys:create':
      return createApiKey(rest, out);
    default:
      throw new UsageError(command ? `Unknown command "${command}"` : 'No command given');
  }
}
