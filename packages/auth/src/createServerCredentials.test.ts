import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type ConnectionOptions } from 'node:tls';
import { ChannelCredentials, createChannel, createClient, createServer, Status } from 'nice-grpc';
import { createChannelCredentials, type ChannelTlsOptions } from './createChannelCredentials.js';
import { createServerCredentials } from './createServerCredentials.js';
import { createTestPki } from '@mcp/testkit';
import { HealthDefinition, SERVING } from './testing/healthDefinition.js';
import { outcome } from './testing/authFixture.js';

const pki = createTestPki();

/** A TLS handshake with raw options: the negotiated protocol, or the error. */
function handshake(port: number, options: ConnectionOptions): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ALPNProtocols: ['h2'],
      ...options,
    });
    socket.once('secureConnect', () => {
      resolve(socket.getProtocol() ?? 'unknown');
      socket.destroy();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(`error: ${error.code ?? error.message}`));
  });
}

async function startHealthServer(ca?: string) {
  const server = createServer();
  server.add(HealthDefinition, {
    check: () => Promise.resolve(SERVING),
    watch: async function* () {
      await Promise.resolve();
    },
  });
  const port = await server.listen(
    '127.0.0.1:0',
    createServerCredentials({ ...pki.server, ...(ca ? { ca } : {}) }),
  );
  return { port, server };
}

function check(port: number, credentials: ChannelCredentials) {
  const channel = createChannel(`127.0.0.1:${port}`, credentials);
  const call = createClient(HealthDefinition, channel).check(new Uint8Array(), {
    signal: AbortSignal.timeout(5000),
  });
  return outcome(call).finally(() => channel.close());
}

const tls13 = (options: Partial<ChannelTlsOptions> = {}) =>
  createChannelCredentials({ ca: pki.ca.cert, ...options });

describe('createServerCredentials', () => {
  let plain: Awaited<ReturnType<typeof startHealthServer>>;
  let mutual: Awaited<ReturnType<typeof startHealthServer>>;
  beforeAll(async () => {
    [plain, mutual] = await Promise.all([startHealthServer(), startHealthServer(pki.ca.cert)]);
  });
  afterAll(() => Promise.all([plain.server.shutdown(), mutual.server.shutdown()]));

  it('serves a TLS 1.3 client that verifies it against the fleet CA', async () => {
    expect(await check(plain.port, tls13())).toEqual({ code: Status.OK, details: '' });
    expect(await handshake(plain.port, { ca: pki.ca.cert })).toBe('TLSv1.3');
  });

  it('refuses a TLS 1.2 handshake', async () => {
    // If grpc-js stops passing our options to http2.createSecureServer, this is the test that fails.
    expect(await handshake(plain.port, { ca: pki.ca.cert, maxVersion: 'TLSv1.2' })).toMatch(
      /^error: .*PROTOCOL_VERSION/,
    );
  });

  it('refuses a plaintext client', async () => {
    expect((await check(plain.port, ChannelCredentials.createInsecure())).code).toBe(Status.UNAVAILABLE);
  });

  it('is refused by a client that trusts another CA', async () => {
    expect((await check(plain.port, tls13({ ca: pki.otherCa.cert }))).code).toBe(Status.UNAVAILABLE);
  });

  it('with ca, requires a client certificate from that CA', async () => {
    expect((await check(mutual.port, tls13())).code).toBe(Status.UNAVAILABLE);
    expect(await check(mutual.port, tls13(pki.client))).toEqual({ code: Status.OK, details: '' });
    const stranger = { cert: pki.otherServer.cert, key: pki.otherServer.key };
    expect((await check(mutual.port, tls13(stranger))).code).toBe(Status.UNAVAILABLE);
  });

  it.each([
    ['cert', { cert: 'not pem' }],
    ['key', { key: '' }],
    ['ca', { ca: Buffer.from('nope') }],
  ])('refuses a %s that is not PEM', (name, bad) => {
    expect(() => createServerCredentials({ ...pki.server, ...bad })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', message: `${name} must be PEM text` }),
    );
  });
});
