import { request } from 'node:http';
import { ProxyError } from './ProxyError.js';

/** A response from Caddy's admin API. */
export interface AdminResponse {
  status: number;
  body: string;
}

/**
 * One request to Caddy's admin API on a unix socket. Caddy accepts only an
 * empty Host header on a unix socket, so Node's automatic Host is turned off.
 * @throws ProxyError `UNREACHABLE` if the socket does not answer.
 */
export function caddyAdmin(
  socketPath: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<AdminResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method,
        path,
        setHost: false,
        // A fresh connection each time: Caddy drops idle admin connections when
        // it reloads its config, and a reused one then fails with EPIPE.
        agent: false,
        headers: {
          Host: '',
          ...(payload === undefined
            ? {}
            : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) =>
      reject(
        new ProxyError('UNREACHABLE', `Caddy admin API at ${socketPath} unreachable: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    req.end(payload);
  });
}
