import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:tls';
import { createChannel, createClient, Status } from 'nice-grpc';
import { createChannelCredentials } from './createChannelCredentials.js';
import { outcome } from './testing/authFixture.js';
import { createTestPki } from '@mcp/testkit';
import { HealthDefinition } from './testing/healthDefinition.js';

const pki = createTestPki();

describe('createChannelCredentials', () => {
  // An HTTP/2 server stuck at TLS 1.2, with a certificate the client would trust.
  let old: Http2SecureServer;
  let port: number;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    old = createSecureServer({ ...pki.server, maxVersion: 'TLSv1.2' });
    old.on('connection', (socket: Socket) => sockets.add(socket));
    old.on('stream', (stream) => stream.respond({ ':status': 200, 'content-type': 'application/grpc' }));
    await new Promise<void>((resolve) => old.listen(0, '127.0.0.1', resolve));
    port = (old.address() as AddressInfo).port;
  });
  afterAll(async () => {
    // close() waits for sessions; the refused grpc-js connection may linger.
    const closed = new Promise<void>((resolve) => old.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  });

  it('refuses a server that only speaks TLS 1.2', async () => {
    // The server itself is fine for a TLS 1.2 client, so the refusal is the version.
    const protocol = await new Promise((resolve, reject) => {
      const socket = connect({
        port,
        host: '127.0.0.1',
        servername: 'localhost',
        ca: pki.ca.cert,
        ALPNProtocols: ['h2'],
      });
      socket.once('secureConnect', () => {
        resolve(socket.getProtocol());
        socket.destroy();
      });
      socket.once('error', reject);
    });
    expect(protocol).toBe('TLSv1.2');

    const channel = createChannel(`127.0.0.1:${port}`, createChannelCredentials({ ca: pki.ca.cert }));
    const result = await outcome(createClient(HealthDefinition, channel).check(new Uint8Array()));
    channel.close();
    expect(result.code).toBe(Status.UNAVAILABLE);
  });

  it.each([
    ['without a ca', { ca: '' }, 'ca must be PEM text'],
    ['with a cert but no key', { ca: pki.ca.cert, cert: pki.client.cert }, 'cert and key go together'],
    ['with a key but no cert', { ca: pki.ca.cert, key: pki.client.key }, 'cert and key go together'],
    [
      'with a cert that is not PEM',
      { ca: pki.ca.cert, cert: 'x', key: pki.client.key },
      'cert must be PEM text',
    ],
  ])('refuses options %s', (_, options, message) => {
    expect(() => createChannelCredentials(options)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringContaining(message) }),
    );
  });
});
