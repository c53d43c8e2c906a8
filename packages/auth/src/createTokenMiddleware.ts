import {
  Metadata,
  type CallOptions,
  type ClientMiddleware,
  type ClientMiddlewareCall,
} from 'nice-grpc-common';
import { AuthError } from './AuthError.js';

/** Where a client's token comes from: the token, or a function asked before every call (for rotation). */
export type TokenSource = string | (() => string | Promise<string>);

// One b64token (RFC 6750): anything else could smuggle a second header line.
const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * nice-grpc client middleware that sends `authorization: Bearer <token>` on
 * every call (`createClientFactory().use(createTokenMiddleware(token))`).
 * Read the token from a file (`readTokenFile`), never from argv.
 *
 * @throws AuthError `MALFORMED_TOKEN` (from the call) if the token is empty or
 *   holds characters a token cannot have.
 */
export function createTokenMiddleware(token: TokenSource): ClientMiddleware {
  async function* tokenMiddleware<Request, Response>(
    call: ClientMiddlewareCall<Request, Response>,
    options: CallOptions,
  ): AsyncGenerator<Response, Response | void, undefined> {
    const value = typeof token === 'string' ? token : await token();
    if (!TOKEN.test(value)) {
      throw new AuthError('MALFORMED_TOKEN', 'the client token is empty or is not a single token');
    }
    const metadata = Metadata(options.metadata).set('authorization', `Bearer ${value}`);
    return yield* call.next(call.request, { ...options, metadata });
  }
  return tokenMiddleware;
}
