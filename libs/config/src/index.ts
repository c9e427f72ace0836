export { ConfigModule } from './config.module';
export { ConfigError, ConfigService } from './config.service';
export type { Env } from './env.schema';
export { LoggingModule } from './logging.module';
