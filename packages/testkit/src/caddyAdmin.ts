import { request as httpRequest } from 'node:http';
import { TestkitError } from './TestkitError.js';

/** An answer from Caddy's admin API. */
export interface CaddyAdminResponse {
  status: number;
  /** Parsed JSON when the answer is JSON, otherwise the text. */
  body: unknown;
  text: string;
}

/** A client for one Caddy's admin API on a unix socket. */
export interface CaddyAdmin {
  readonly socketPath: string;
  /** Sends `body` (as JSON) and returns whatever Caddy answers; throws only on transport errors. */
  request(method: string, path: string, body?: unknown): Promise<CaddyAdminResponse>;
  /**
   * GETs `/config/<path>` (e.g. 'apps/http/servers'). Throws `TestkitError('ADMIN_REQUEST_FAILED')`
   * on an error status.
   */
  config(path?: string): Promise<unknown>;
}

/**
 * Talks to Caddy's admin API over `socketPath`. Caddy accepts only an empty Host header on a
 * unix socket, so Node's default Host is suppressed.
 */
export function caddyAdmin(socketPath: string, options: { timeoutMs?: number } = {}): CaddyAdmin {
  const { timeoutMs = 5000 } = options;
  const request: CaddyAdmin['request'] = (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = httpRequest(
        {
          socketPath,
          method,
          path,
          setHost: false,
          headers: { Host: '', ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }) },
          timeout: timeoutMs,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const json = (res.headers['content-type'] ?? '').includes('json') && text.trim() !== '';
            resolve({ status: res.statusCode ?? 0, body: json ? (JSON.parse(text) as unknown) : text, text });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`caddy admin ${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });

  return {
    socketPath,
    request,
    async config(path = '') {
      const response = await request('GET', `/config/${path}`);
      if (response.status < 200 || response.status > 299) {
        throw new TestkitError(
          'ADMIN_REQUEST_FAILED',
          `caddy admin GET /config/${path}: ${response.status} ${response.text.trim()}`,
        );
      }
      return response.body;
    },
  };
}
