import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';

/** What an HTTPS GET through a proxy returned, with the TLS facts tests check. */
export interface HttpsResult {
  status: number;
  body: string;
  protocol: string | null;
  certSerial: string;
}

/**
 * GET `https://<hostname><path>` from `address:port` (the node proxy), with
 * SNI and Host set to `hostname`, trusting only `caPem`, TLS 1.3 only.
 */
export function httpsGet(options: {
  address: string;
  port: number;
  hostname: string;
  caPem: string;
  path?: string;
  timeoutMs?: number;
}): Promise<HttpsResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: options.address,
        port: options.port,
        path: options.path ?? '/',
        servername: options.hostname,
        headers: { Host: options.hostname },
        ca: options.caPem,
        minVersion: 'TLSv1.3',
        timeout: options.timeoutMs ?? 5000,
        agent: false,
      },
      (res) => {
        const socket = res.socket as TLSSocket;
        const protocol = socket.getProtocol();
        const certSerial = socket.getPeerCertificate().serialNumber ?? '';
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), protocol, certSerial }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}
