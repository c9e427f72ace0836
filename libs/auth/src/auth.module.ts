import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { ClerkVerifier } from './clerk-verifier.service';

/** Authentication for HTTP apps: registers the global guard. */
@Global()
@Module({
  providers: [ApiKeysRepository, ApiKeysService, ClerkVerifier, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ApiKeysService, ClerkVerifier],
})
export class AuthModule {}
