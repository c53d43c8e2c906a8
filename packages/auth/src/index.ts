// Bearer tokens (JWT, EdDSA), the per-RPC authorization table as nice-grpc
// middleware, and the TLS 1.3-only transport shared by master and agent.

export { AuthError, type AuthErrorCode } from './AuthError.js';
export type {
  AuthContext,
  AuthorizationTable,
  CallerKind,
  Identity,
  RpcAccess,
  TokenVerifier,
} from './types.js';
export { checkIdentity } from './checkIdentity.js';
export { requireNodeIdentity } from './requireNodeIdentity.js';
export { DEFAULT_CLOCK_TOLERANCE_SECONDS, DEFAULT_ISSUER, TOKEN_ALGORITHM } from './defaults.js';
export type { Ed25519KeyInput } from './ed25519Key.js';
export { generateSigningKeyPair, type SigningKeyPair } from './generateSigningKeyPair.js';
export { mintToken, type MintTokenOptions } from './mintToken.js';
export {
  createTokenVerifier,
  type TokenKeySource,
  type TokenVerifierOptions,
} from './createTokenVerifier.js';
export { authorizationTable, type AuthorizationTableOptions } from './authorizationTable.js';
export { createAuthMiddleware, type AuthLogger, type AuthMiddlewareOptions } from './createAuthMiddleware.js';
export { createTokenMiddleware, type TokenSource } from './createTokenMiddleware.js';
export { toServerError } from './toServerError.js';
export { readTokenFile } from './readTokenFile.js';
export { writeSecretFile } from './writeSecretFile.js';
export { TLS_MIN_VERSION, type Pem } from './tlsMaterial.js';
export type { ServerCredentials } from './grpcServerCredentials.js';
export { createServerCredentials, type ServerTlsOptions } from './createServerCredentials.js';
export { createChannelCredentials, type ChannelTlsOptions } from './createChannelCredentials.js';
export { ignoreIpServerNameWarning } from './ignoreIpServerNameWarning.js';
