import type { CallContext, ServerMiddleware, ServerMiddlewareCall } from 'nice-grpc-common';
import { AuthError } from './AuthError.js';
import { refusalHint } from './authorizationTable.js';
import { bearerToken } from './bearerToken.js';
import { toServerError } from './toServerError.js';
import type { AuthContext, AuthorizationTable, Identity, RpcAccess, TokenVerifier } from './types.js';

/** The part of a structured logger (pino's shape) the middleware writes refusals to. */
export interface AuthLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Options for `createAuthMiddleware`. */
export interface AuthMiddlewareOptions {
  /** Checks bearer tokens (`createTokenVerifier`). */
  readonly verifier: TokenVerifier;
  /** Who may call what (`authorizationTable`); methods not in it are refused. */
  readonly table: AuthorizationTable;
  /** Where refusals are logged (method, peer, reason, identity; never the token). Default: not logged. */
  readonly logger?: AuthLogger;
}

function authorize(path: string, access: RpcAccess | undefined, identity: Identity): void {
  if (access === undefined) {
    throw new AuthError(
      'PERMISSION_DENIED',
      `${path} is not in the authorization table, so nobody may call it`,
    );
  }
  if (access !== 'public' && !access.includes(identity.kind)) {
    throw new AuthError(
      'PERMISSION_DENIED',
      `${identity.sub} (${identity.kind}) may not call ${path}; it is for ${access.join(', ')}` +
        refusalHint(path, identity.kind),
    );
  }
}

/**
 * nice-grpc server middleware that authenticates every call by its bearer
 * token and authorizes it by `table`, for unary and streaming methods alike:
 *
 * - method listed `'public'`: passes without a token (and without `identity`);
 * - no, malformed, forged, expired, wrong-issuer, non-EdDSA or inconsistent
 *   token: `UNAUTHENTICATED`, saying why without quoting the token;
 * - caller kind not allowed, or method not in the table: `PERMISSION_DENIED`
 *   naming the method and the caller;
 * - otherwise the handler runs with `context.identity` set to the verified
 *   `{ sub, kind }`. An `AuthError` a handler throws (`requireNodeIdentity`)
 *   reaches the client as its gRPC status.
 */
export function createAuthMiddleware(options: AuthMiddlewareOptions): ServerMiddleware<AuthContext> {
  const { verifier, table, logger } = options;

  async function* authMiddleware<Request, Response>(
    call: ServerMiddlewareCall<Request, Response, AuthContext>,
    context: CallContext,
  ): AsyncGenerator<Response, Response | void, undefined> {
    const path = call.method.path;
    const access = table.get(path);
    if (access === 'public') {
      // Public methods never read `identity`; see authorizationTable.
      return yield* call.next(call.request, context as CallContext & AuthContext);
    }
    let identity: Identity | undefined;
    const refuse = (error: AuthError) => {
      logger?.warn(
        { method: path, peer: context.peer, code: error.code, reason: error.message, sub: identity?.sub },
        'call refused',
      );
      return toServerError(error);
    };
    try {
      identity = await verifier.verify(bearerToken(context.metadata));
      authorize(path, access, identity);
    } catch (error) {
      throw error instanceof AuthError ? refuse(error) : error;
    }
    try {
      return yield* call.next(call.request, { ...context, identity });
    } catch (error) {
      throw error instanceof AuthError ? refuse(error) : error;
    }
  }
  return authMiddleware;
}
