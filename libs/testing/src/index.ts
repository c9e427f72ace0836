export { mintSessionToken, type SessionTokenOptions } from './clerk-tokens';
