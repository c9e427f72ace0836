import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigService } from '@app/config';
import { ApiModule } from './api.module';
import { bootstrapHttp, createFastifyAdapter } from './bootstrap-http';

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, createFastifyAdapter(), {
    bufferLogs: true,
  });
  bootstrapHttp(app);
  const { port, host } = app.get(ConfigService).http;
  await app.listen(port, host);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
