import { Agent, request } from 'node:http';
import { ProxyError } from './ProxyError.js';

/** A response from Caddy's admin API. */
export interface AdminResponse {
  status: number;
  body: string;
}

/**
 * Reads share a few kept-alive connections per socket: `Status` and the
 * monitor read the proxy's routes and certificates on every call, and a
 * fresh unix-socket connection per read was a third of an agent's work for
 * a Status answer. Writes keep a fresh connection each (see below).
 */
const readers = new Agent({ keepAlive: true, maxSockets: 4, maxFreeSockets: 2, keepAliveMsecs: 1_000 });

/** What a server that closed an idle kept-alive connection looks like to the next request on it. */
const CLOSED_UNDER_US = new Set(['ECONNRESET', 'EPIPE']);

/**
 * One request to Caddy's admin API on a unix socket. Caddy accepts only an
 * empty Host header on a unix socket, so Node's automatic Host is turned off.
 *
 * Caddy closes idle admin connections whenever it loads a config (every
 * change the agent makes), so a GET that fails with ECONNRESET or EPIPE on a
 * reused connection is sent once more on a fresh one; it changes nothing, so
 * sending it twice is safe. Every other method gets a fresh connection and is
 * never sent twice.
 * @throws ProxyError `UNREACHABLE` if the socket does not answer.
 */
export async function caddyAdmin(
  socketPath: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<AdminResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  if (method !== 'GET') return once(socketPath, method, path, payload, timeoutMs, false);
  try {
    return await once(socketPath, method, path, payload, timeoutMs, readers);
  } catch (error) {
    if (!(error instanceof Reused)) throw error;
    return once(socketPath, method, path, payload, timeoutMs, false);
  }
}

/** A request on a reused connection that the server had closed. */
class Reused extends Error {}

function once(
  socketPath: string,
  method: string,
  path: string,
  payload: string | undefined,
  timeoutMs: number,
  agent: Agent | false,
): Promise<AdminResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        method,
        path,
        setHost: false,
        agent,
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
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (req.reusedSocket && CLOSED_UNDER_US.has(error.code ?? '')) return reject(new Reused(error.message));
      reject(
        new ProxyError('UNREACHABLE', `Caddy admin API at ${socketPath} unreachable: ${error.message}`, {
          cause: error,
        }),
      );
    });
    req.end(payload);
  });
}
