import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { freePort } from './freePort.js';

describe('freePort', () => {
  it('returns a TCP port that can be bound on loopback', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });

  it('with udp, returns a port free for UDP too', async () => {
    const port = await freePort({ udp: true });
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => socket.close(resolve));
  });

  it('checks the host it is given', async () => {
    const port = await freePort({ host: '127.0.0.2' });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.2', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});
