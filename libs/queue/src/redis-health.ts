import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ConfigService } from '@app/config';

/**
 * Readiness probe for Redis on a connection of its own that fails fast: the queue connections
 * retry forever by design, which is right for work and wrong for a health check.
 */
@Injectable()
export class RedisHealth implements OnModuleDestroy {
  private readonly client: Redis;

  constructor(config: ConfigService) {
    this.client = new Redis(config.redis.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      retryStrategy: () => 1000,
    });
    // Errors surface through ping(); without a listener ioredis would log them as unhandled.
    this.client.on('error', () => undefined);
  }

  async ping(timeoutMs = 1000): Promise<void> {
    if (this.client.status === 'wait') await this.client.connect();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.client.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.client.disconnect();
  }
}
