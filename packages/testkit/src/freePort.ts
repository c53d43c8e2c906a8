import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { TestkitError } from './TestkitError.js';

export interface FreePortOptions {
  /** Address the port must be free on. Default '127.0.0.1'. */
  host?: string;
  /** Also require the UDP port to be free (for DNS servers). Default false. */
  udp?: boolean;
}

/**
 * Finds a port the kernel considers free on `host` (TCP, and UDP too with `udp: true`).
 * Another process may still take it before you bind it, so callers bind soon after.
 * Throws `TestkitError('NO_FREE_PORT')` after 20 attempts.
 */
export async function freePort(options: FreePortOptions = {}): Promise<number> {
  const { host = '127.0.0.1', udp = false } = options;
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await bindTcp(host, 0);
    if (!udp || (await udpFree(host, port))) return port;
  }
  throw new TestkitError('NO_FREE_PORT', `no free port on ${host}${udp ? ' (TCP and UDP)' : ''}`);
}

function bindTcp(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

function udpFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', () => {
      try {
        socket.close();
      } catch {
        // A socket that never bound may refuse to close; there is nothing to release then.
      }
      resolve(false);
    });
    socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(true)));
  });
}
