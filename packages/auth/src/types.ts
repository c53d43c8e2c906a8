/** What a caller is: a person, an `agent-<node>` service account, or the master itself. */
export type CallerKind = 'human' | 'agent' | 'master';

/** A verified caller: the token's `sub` and its `kind`, already checked to agree. */
export interface Identity {
  /** `alice`, `agent-orion`, `mcp-master`. */
  readonly sub: string;
  readonly kind: CallerKind;
}

/**
 * What `createAuthMiddleware` adds to the nice-grpc call context
 * (`CallContextExt`): handlers read `context.identity`.
 */
export interface AuthContext {
  readonly identity: Identity;
}

/** Who may call one RPC: `'public'` (no token at all) or the caller kinds allowed. */
export type RpcAccess = 'public' | readonly CallerKind[];

/** Full method path (`/mcp.v1.MasterService/Deploy`) → who may call it. */
export type AuthorizationTable = ReadonlyMap<string, RpcAccess>;

/** Checks a bearer token and names its caller. */
export interface TokenVerifier {
  /**
   * Verifies signature (EdDSA only), issuer, expiry and the identity naming
   * rules.
   * @throws AuthError with the reason; its message never contains the token.
   */
  verify(token: string): Promise<Identity>;
}
