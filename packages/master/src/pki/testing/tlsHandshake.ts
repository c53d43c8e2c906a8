// A real TLS 1.3 handshake on 127.0.0.1, to prove issued certificates work
// with Node's TLS stack (which grpc-js uses).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:tls';

export interface HandshakeOptions {
  /** Server chain, leaf first. */
  readonly cert: string;
  readonly key: string;
  /** The only CA the client trusts. */
  readonly ca: string;
  /** SNI and the name checked; unset: the client checks the address 127.0.0.1. */
  readonly servername?: string;
}

export type HandshakeResult =
  | { readonly ok: true; readonly protocol: string | null }
  | { readonly ok: false; readonly code: string | undefined; readonly message: string };

export async function tlsHandshake(options: HandshakeOptions): Promise<HandshakeResult> {
  const server = createServer({ cert: options.cert, key: options.key, minVersion: 'TLSv1.3' }, (socket) => {
    socket.end();
  });
  server.on('tlsClientError', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<HandshakeResult>((resolve) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        ca: options.ca,
        minVersion: 'TLSv1.3',
        ...(options.servername === undefined ? {} : { servername: options.servername }),
      });
      socket.once('secureConnect', () => {
        resolve({ ok: true, protocol: socket.getProtocol() });
        socket.destroy();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        resolve({ ok: false, code: error.code, message: error.message });
        socket.destroy();
      });
    });
  } finally {
    server.close();
  }
}
