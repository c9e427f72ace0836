import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@app/config';
import { JobProducer } from './job-producer';
import { QueueName } from './queue-names';
import { RedisHealth } from './redis-health';

/** BullMQ wiring shared by both apps: one connection config, the queues, the typed producer. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        connection: { url: config.redis.url, maxRetriesPerRequest: null },
        prefix: config.queue.prefix,
        defaultJobOptions: {
          removeOnComplete: { age: 3600, count: 1000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      }),
    }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
  ],
  providers: [JobProducer, RedisHealth],
  exports: [BullModule, JobProducer, RedisHealth],
})
export class QueueModule {}
