import { Injectable } from '@nestjs/common';
import { PrismaService } from '@app/database';

@Injectable()
export class IdempotencyRecordsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Deletes expired keys in bounded batches so that a large backlog never holds long locks. */
  async deleteExpired(now: Date, batchSize = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.prisma.$executeRaw`
        DELETE FROM idempotency_records
        WHERE id IN (SELECT id FROM idempotency_records WHERE expires_at < ${now} LIMIT ${batchSize})`;
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }
}
