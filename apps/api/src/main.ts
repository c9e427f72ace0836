import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigService } from '@app/config';
import { ApiModule } from './api.module';
import { bootstrapHttp, createFastifyAdapter, HTTP_APP_OPTIONS } from './bootstrap-http';

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule,
    createFastifyAdapter(),
    HTTP_APP_OPTIONS,
  );
  bootstrapHttp(app);
  const { port, host } = app.get(ConfigService).http;
  await app.listen(port, host);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
