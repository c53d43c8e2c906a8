import { writeFile } from 'node:fs/promises';
import { get } from 'node:https';
import { join } from 'node:path';
import { acmeCaConfig } from './acmeCaConfig.js';
import { caddyAdmin } from './caddyAdmin.js';
import { freePort } from './freePort.js';
import { makeTempDir } from './makeTempDir.js';
import { startProcess, type ManagedProcess } from './startProcess.js';
import { startStaticDns, type StaticDns } from './startStaticDns.js';
import { superviseDaemon } from './superviseDaemon.js';
import { TestkitError } from './TestkitError.js';

export interface StartAcmeCaOptions {
  /** Loopback address the ACME directory listens on. Default '127.0.0.1'. */
  host?: string;
  /** Its port. Default a free one. */
  port?: number;
  /** Names the CA resolves for HTTP-01, name → IP address (see `setHost`). Default none. */
  hosts?: Record<string, string>;
  /**
   * A DNS server on port 53 the CA asks for names not in `hosts` (e.g. a Knot from
   * `startKnot({ address: randomLoopbackAddress(), port: 53 })`). Default none: such names do
   * not resolve and their validation fails.
   */
  nameserver?: string;
  /** The caddy binary. Default 'caddy'. */
  caddyPath?: string;
  /** How long to wait for the directory to answer. Default 15 000 ms. */
  startTimeoutMs?: number;
}

/** Caddy's `acme_server` as a private ACME CA for one test. */
export interface AcmeCa {
  readonly dir: string;
  /** e.g. 'https://127.0.0.1:41234/acme/local/directory' (HTTPS: trust `caCertPem`). */
  readonly directoryUrl: string;
  /** Root of the CA: it signs the directory's TLS certificate and (via an intermediate) issued ones. */
  readonly caCertPem: string;
  /** The same root as a file, for clients that want a path. */
  readonly caCertPath: string;
  /** The DNS server (in this process) the CA asks first; it serves `hosts`. */
  readonly dns: StaticDns;
  readonly process: ManagedProcess;
  /**
   * Makes the CA resolve `name` to `address` from now on, so HTTP-01 for `name` connects to
   * `address`:80. Nothing caches the answer, so it may change between issuances.
   */
  setHost(name: string, address: string): void;
  /** Stops the CA and removes `dir`; safe to call twice. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

// Runs inside `unshare --mount --propagation private`: the bind mount is seen by this Caddy
// alone and vanishes with it; the host's /etc/resolv.conf is never written.
const NAMESPACE_SCRIPT = `set -e
mount -n --bind "$1" /etc/resolv.conf
shift
exec "$@"`;

/**
 * Starts a Caddy whose only route is `acme_server` (CA 'local', never installed into the system
 * trust store) on `https://<host>:<port>/acme/local/directory`. Caddy 2.6's ACME server
 * validates HTTP-01 on port 80 of whatever the name resolves to through the system resolver,
 * so it runs in a private mount namespace whose /etc/resolv.conf names a DNS server in this
 * process (`hosts`, `setHost`) and then `nameserver`. Go would cache a hosts file for 5 s;
 * DNS answers are not cached. Certificates it issues last 12 hours (Caddy 2.6's fixed
 * default). Throws `TestkitError('START_FAILED')` with Caddy's log if it exits, `TIMEOUT` if
 * the directory does not answer in time.
 */
export async function startAcmeCa(options: StartAcmeCaOptions = {}): Promise<AcmeCa> {
  const {
    host = '127.0.0.1',
    hosts = {},
    nameserver,
    caddyPath = 'caddy',
    startTimeoutMs = 15_000,
  } = options;
  const port = options.port ?? (await freePort({ host }));
  const temp = await makeTempDir('mcp-acme-');
  const dir = temp.path;
  const adminSocket = join(dir, 'admin.sock');
  const caCertPath = join(dir, 'root.pem');
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const directoryUrl = `https://${urlHost}:${port}/acme/local/directory`;
  const configPath = join(dir, 'caddy.json');
  const resolvPath = join(dir, 'resolv.conf');
  let dns: StaticDns | undefined;
  const cleanup = async () => {
    await dns?.stop();
    await temp.remove();
  };
  try {
    dns = await startStaticDns({ records: hosts });
    const servers = [dns.address, ...(nameserver === undefined ? [] : [nameserver])];
    await writeFile(
      resolvPath,
      [...servers.map((ip) => `nameserver ${ip}`), 'options timeout:1 attempts:2', ''].join('\n'),
    );
    await writeFile(configPath, JSON.stringify(acmeCaConfig(adminSocket, host, port), null, 2));
  } catch (error) {
    await cleanup();
    throw startFailed(error);
  }
  const resolver = dns;

  const namespace = ['--mount', '--propagation', 'private', 'sh', '-c', NAMESPACE_SCRIPT, 'sh', resolvPath];
  const admin = caddyAdmin(adminSocket);
  let caCertPem = '';
  const daemon = await superviseDaemon({
    launch: () =>
      startProcess('unshare', [...namespace, caddyPath, 'run', '--config', configPath], {
        logPath: join(dir, 'caddy.log'),
        env: { XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config'), HOME: dir },
      }),
    ready: async (proc) => {
      caCertPem = await proc.waitReady(
        async () => {
          const response = await admin.request('GET', '/pki/ca/local');
          return response.status === 200
            ? (response.body as { root_certificate?: string }).root_certificate
            : undefined;
        },
        { timeoutMs: startTimeoutMs, description: 'the CA root on the admin API' },
      );
      await writeFile(caCertPath, caCertPem);
      await proc.waitReady(() => httpsStatus(directoryUrl, caCertPem).then((status) => status === 200), {
        timeoutMs: startTimeoutMs,
        description: `ACME directory ${directoryUrl}`,
      });
    },
    cleanup,
  }).catch((error: unknown) => {
    throw startFailed(error);
  });

  return {
    dir,
    directoryUrl,
    caCertPem,
    caCertPath,
    dns: resolver,
    process: daemon.current,
    setHost: (name, address) => resolver.set(name, address),
    stop: () => daemon.stop(),
    [Symbol.asyncDispose]: () => daemon.stop(),
  };
}

const startFailed = (error: unknown) =>
  error instanceof TestkitError
    ? error
    : new TestkitError('START_FAILED', `cannot start the ACME CA: ${String(error)}`, { cause: error });

function httpsStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(url, { ca, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`${url} timed out`)));
    req.on('error', reject);
  });
}
