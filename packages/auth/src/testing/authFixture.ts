// Shared setup for the middleware tests: PKI, a signing key, a TLS server
// with the middleware, and clients that send a chosen token (or none).
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { AgentServiceDefinition, MasterServiceDefinition } from '@mcp/proto';
import { ClientError, createChannel, createClientFactory, type Channel, type Client } from 'nice-grpc';
import { authorizationTable } from '../authorizationTable.js';
import { createChannelCredentials } from '../createChannelCredentials.js';
import type { AuthLogger } from '../createAuthMiddleware.js';
import { createTokenMiddleware } from '../createTokenMiddleware.js';
import { createTokenVerifier } from '../createTokenVerifier.js';
import { generateSigningKeyPair, type SigningKeyPair } from '../generateSigningKeyPair.js';
import { mintToken } from '../mintToken.js';
import type { CallerKind } from '../types.js';
import { createTestPki, type TestPki } from '@mcp/testkit';
import { HealthDefinition, UnlistedDefinition } from './healthDefinition.js';
import { startTestServer, type TestServer } from './startTestServer.js';

/** The receiver these tests' tokens are made for. */
const AUDIENCE = 'test-receiver';

export interface AuthFixture {
  readonly pki: TestPki;
  readonly keys: SigningKeyPair;
  readonly privateKey: KeyObject;
  readonly server: TestServer;
  readonly logs: { fields: Record<string, unknown>; message: string }[];
  token(sub: string, kind: CallerKind): Promise<string>;
  /** Clients for each service, sending `token` (none when undefined). */
  clients(token?: string): {
    agent: Client<typeof AgentServiceDefinition>;
    master: Client<typeof MasterServiceDefinition>;
    health: Client<typeof HealthDefinition>;
    unlisted: Client<typeof UnlistedDefinition>;
  };
  close(): Promise<void>;
}

export async function startAuthFixture(options: { agentAllowsHumans?: boolean } = {}): Promise<AuthFixture> {
  const pki = createTestPki();
  const keys = generateSigningKeyPair();
  const logs: AuthFixture['logs'] = [];
  const logger: AuthLogger = { warn: (fields, message) => logs.push({ fields, message }) };
  const server = await startTestServer({
    verifier: createTokenVerifier({ publicKey: keys.publicKeyPem }, { audience: AUDIENCE }),
    table: authorizationTable(options),
    tls: pki.server,
    logger,
  });
  const channels: Channel[] = [];
  return {
    pki,
    keys,
    privateKey: createPrivateKey(keys.privateKeyPem),
    server,
    logs,
    token: (sub, kind) => mintToken(keys.privateKeyPem, { audience: AUDIENCE, sub, kind, ttl: 600 }),
    clients(token) {
      const channel = createChannel(server.address, createChannelCredentials({ ca: pki.ca.cert }));
      channels.push(channel);
      const factory =
        token === undefined ? createClientFactory() : createClientFactory().use(createTokenMiddleware(token));
      return {
        agent: factory.create(AgentServiceDefinition, channel),
        master: factory.create(MasterServiceDefinition, channel),
        health: factory.create(HealthDefinition, channel),
        unlisted: factory.create(UnlistedDefinition, channel),
      };
    },
    async close() {
      for (const channel of channels) channel.close();
      await server.close();
    },
  };
}

/** The gRPC status a call ends with (`'OK'` fields when it succeeds). */
export async function outcome(call: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await call;
    return { code: 0, details: '' };
  } catch (error) {
    if (error instanceof ClientError) return { code: error.code, details: error.details };
    throw error;
  }
}

/** Drains a server stream into an array (rejecting as the stream does). */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}
