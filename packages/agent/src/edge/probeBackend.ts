import { request } from 'node:https';

/**
 * Whether the edge reaches a backend right now, the way its proxy does: a
 * GET `/` to `address:port` over TLS 1.3 with the backend's name as SNI and
 * Host, the certificate verified against the fleet CA for that name. A
 * response below 500 means reachable. Returns the problem, or `undefined`.
 */
export function probeBackend(
  address: string,
  port: number,
  hostname: string,
  caPem: string,
  timeoutMs = 3000,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: address,
        port,
        path: '/',
        method: 'GET',
        servername: hostname,
        headers: { Host: hostname },
        ca: caPem,
        minVersion: 'TLSv1.3',
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve(status < 500 ? undefined : `${hostname} at ${address}:${port} answers HTTP ${status}`);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve(`${hostname} at ${address}:${port}: ${error.message}`));
    req.end();
  });
}
