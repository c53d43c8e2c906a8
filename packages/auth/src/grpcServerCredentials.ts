// The one place this package reaches into @grpc/grpc-js beyond what nice-grpc
// re-exports. nice-grpc re-exports ChannelCredentials but not
// ServerCredentials, and TLS 1.3-only serving needs a ServerCredentials
// subclass (grpc-js has no minVersion option). grpc-js checks
// `credentials instanceof ServerCredentials` when binding, so the class must
// be the very one nice-grpc's grpc-js exports: we load it from nice-grpc's
// own dependency (same module, same instance) rather than from a second copy.
//
// Relied on (grpc-js 1.10+, checked against 1.14): `ServerCredentials` has the
// constructor `(serverConstructorOptions, contextOptions?)`, both spread into
// `http2.createSecureServer` options, and an abstract `_equals`. The test
// createServerCredentials.test.ts (a TLS 1.2 client must fail) catches a
// change.
import { createRequire } from 'node:module';
import type { SecureServerOptions } from 'node:http2';
import type { SecureContextOptions } from 'node:tls';
import type { Server } from 'nice-grpc';

/** grpc-js `ServerCredentials`, as `Server.listen` takes it. */
export type ServerCredentials = NonNullable<Parameters<Server['listen']>[1]>;

type ServerCredentialsClass = abstract new (
  serverConstructorOptions: SecureServerOptions | null,
  contextOptions?: SecureContextOptions,
) => ServerCredentials;

const requireFromNiceGrpc = createRequire(createRequire(import.meta.url).resolve('nice-grpc'));

/** The `ServerCredentials` base class of the grpc-js that nice-grpc uses. */
export const GrpcServerCredentials = (
  requireFromNiceGrpc('@grpc/grpc-js') as { ServerCredentials: ServerCredentialsClass }
).ServerCredentials;
