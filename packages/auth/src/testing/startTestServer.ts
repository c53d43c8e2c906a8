// A real nice-grpc server on 127.0.0.1:0 with real TLS and the auth
// middleware, serving MasterService and AgentService with stub handlers.
import { AgentServiceDefinition, MasterServiceDefinition } from '@mcp/proto';
import { createServer } from 'nice-grpc';
import { createAuthMiddleware, type AuthLogger } from '../createAuthMiddleware.js';
import { createServerCredentials, type ServerTlsOptions } from '../createServerCredentials.js';
import { requireNodeIdentity } from '../requireNodeIdentity.js';
import type { AuthContext, AuthorizationTable, Identity, TokenVerifier } from '../types.js';
import { HealthDefinition, SERVING, UnlistedDefinition } from './healthDefinition.js';

export interface TestServer {
  readonly address: string;
  /** Identities the handlers saw, in call order. */
  readonly seen: Identity[];
  close(): Promise<void>;
}

type Methods = Record<string, { responseStream: boolean }>;

// Every method answers an empty message (one message for streams) and
// records the caller; `overrides` replace single handlers.
function stubs(methods: Methods, seen: Identity[], overrides: Record<string, unknown> = {}): never {
  const entries = Object.entries(methods).map(([name, method]) => [
    name,
    method.responseStream
      ? async function* (_request: unknown, context: AuthContext) {
          seen.push(context.identity);
          await Promise.resolve();
          yield { step: 'first' };
          yield { step: 'second' };
        }
      : async (_request: unknown, context: AuthContext) => {
          seen.push(context.identity);
          await Promise.resolve();
          return {};
        },
  ]);
  return { ...Object.fromEntries(entries), ...overrides } as never;
}

export async function startTestServer(options: {
  verifier: TokenVerifier;
  table: AuthorizationTable;
  tls: ServerTlsOptions;
  logger?: AuthLogger;
}): Promise<TestServer> {
  const seen: Identity[] = [];
  const server = createServer().use(createAuthMiddleware(options));
  server.add(AgentServiceDefinition, stubs(AgentServiceDefinition.methods, seen));
  server.add(
    MasterServiceDefinition,
    stubs(MasterServiceDefinition.methods, seen, {
      register: async (request: { name: string }, context: AuthContext) => {
        requireNodeIdentity(context.identity, request.name);
        seen.push(context.identity);
        await Promise.resolve();
        return {};
      },
    }),
  );
  server.add(HealthDefinition, {
    check: async () => Promise.resolve(SERVING),
    watch: async function* () {
      await Promise.resolve();
      yield SERVING;
    },
  });
  server.add(UnlistedDefinition, { ping: async (request: Uint8Array) => Promise.resolve(request) });
  const port = await server.listen('127.0.0.1:0', createServerCredentials(options.tls));
  return { address: `127.0.0.1:${port}`, seen, close: () => server.shutdown() };
}
