import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** The queue consumer: no public HTTP. SIGTERM closes the BullMQ workers, letting active jobs finish. */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks([], { useProcessExit: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
