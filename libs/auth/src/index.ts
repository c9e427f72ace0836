export { ApiKeysModule } from './api-keys.module';
export { AuthModule } from './auth.module';
export {
  ApiKeysService,
  type ApiKeyEnvironment,
  type CreateApiKeyInput,
  type KeyOwner,
} from './api-keys.service';
export type { ApiKeyRow } from './api-keys.repository';
export { ClerkVerifier } from './clerk-verifier.service';
export { AuthGuard } from './auth.guard';
export {
  AUTH_POSTURE,
  Authenticated,
  CurrentPrincipal,
  Public,
  RequireFullAccess,
  RequireScope,
  type AuthPosture,
} from './auth.decorators';
export { ALL_SCOPES, hasScope, isValidScope, SCOPE_ACTIONS, SCOPE_AREAS, type Scope } from './scopes';
export { API_KEY_PREFIXES, extractCredential } from './credentials';
