import { createServer, type Server } from 'node:http';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { ConfigService } from '@app/config';
import { PrismaService } from '@app/database';

/** The worker's only HTTP: Prometheus `/metrics` and `/health` on an internal port. */
@Injectable()
export class WorkerHttpService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHttpService.name);
  private server?: Server;

  constructor(
    private readonly config: ConfigService,
    private readonly prisma: PrismaService,
  ) {}

  onApplicationBootstrap(): void {
    const { httpPort } = this.config.worker;
    if (httpPort === 0) return;
    collectDefaultMetrics({ prefix: 'runtype_worker_' });
    this.server = createServer((req, res) => {
      if (req.url === '/metrics') {
        register
          .metrics()
          .then((body) => res.writeHead(200, { 'content-type': register.contentType }).end(body))
          .catch(() => res.writeHead(500).end());
      } else if (req.url === '/health') {
        this.prisma.$queryRaw`SELECT 1`
          .then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'))
          .catch(() => res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"error"}'));
      } else {
        res.writeHead(404).end();
      }
    });
    this.server.listen(httpPort, () => this.logger.log(`metrics and health on :${httpPort}`));
  }

  onApplicationShutdown(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
