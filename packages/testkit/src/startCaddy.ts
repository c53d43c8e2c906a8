import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { caddyAdmin, type CaddyAdmin } from './caddyAdmin.js';
import { caddyBaseConfig } from './caddyBaseConfig.js';
import { freePort } from './freePort.js';
import { makeTempDir } from './makeTempDir.js';
import { startProcess, type ManagedProcess } from './startProcess.js';
import { superviseDaemon } from './superviseDaemon.js';

export interface StartCaddyOptions {
  /** Address the HTTPS server listens on. Default '127.0.0.1'. */
  host?: string;
  /** Its port. Default a free one; 443 in a network namespace (`netns`). */
  port?: number;
  /** Run inside this network namespace (`/run/netns/<name>`). Default this process's. */
  netns?: string;
  /** Name of the server under apps.http.servers. Default 'mcp'. */
  serverName?: string;
  /** The caddy binary. Default 'caddy'. */
  caddyPath?: string;
  /** How long to wait for the admin API. Default 10 000 ms. */
  startTimeoutMs?: number;
}

/** A running Caddy with everything it writes kept in its own temporary directory. */
export interface CaddyInstance {
  readonly dir: string;
  readonly adminSocket: string;
  readonly admin: CaddyAdmin;
  readonly host: string;
  readonly port: number;
  readonly serverName: string;
  /** The configuration of a first start, and of a restart with `empty: true`. */
  readonly baseConfig: Record<string, unknown>;
  /** Where Caddy saves its running configuration after every change (0600: it holds keys). */
  readonly autosavePath: string;
  /** XDG_DATA_HOME: certificates and the local CA live under `<dataDir>/caddy`. */
  readonly dataDir: string;
  /** The current process (a new one after each restart). */
  readonly process: ManagedProcess;
  /**
   * Stops Caddy and starts it again. By default it resumes its last configuration, as after a
   * reboot; `empty: true` discards it first, so Caddy comes back with only the base config
   * (a proxy that lost its state).
   */
  restart(options?: { empty?: boolean }): Promise<void>;
  /** Stops Caddy (SIGTERM, then SIGKILL) and removes `dir`; safe to call twice. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts `caddy run --resume --config <base>`: with no autosave yet that loads the base
 * config, and on a later start it restores the last one. Resolves once the admin API answers
 * with the loaded configuration. Throws `TestkitError('START_FAILED')` (with Caddy's log) if
 * Caddy exits first, `TIMEOUT` after `startTimeoutMs`.
 */
export async function startCaddy(options: StartCaddyOptions = {}): Promise<CaddyInstance> {
  const { host = '127.0.0.1', serverName = 'mcp', caddyPath = 'caddy', startTimeoutMs = 10_000 } = options;
  const { netns } = options;
  const port = options.port ?? (netns ? 443 : await freePort({ host }));
  const temp = await makeTempDir('mcp-caddy-');
  const dir = temp.path;
  const adminSocket = join(dir, 'admin.sock');
  const baseConfigPath = join(dir, 'base.json');
  const dataDir = join(dir, 'data');
  const configDir = join(dir, 'config');
  const autosavePath = join(configDir, 'caddy', 'autosave.json');
  const listen = [host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`];
  const baseConfig = caddyBaseConfig({ adminSocket, listen, serverName });
  await writeFile(baseConfigPath, JSON.stringify(baseConfig, null, 2));
  const admin = caddyAdmin(adminSocket);

  const daemon = await superviseDaemon({
    launch: async () => {
      await rm(adminSocket, { force: true });
      return startProcess(caddyPath, ['run', '--resume', '--config', baseConfigPath], {
        logPath: join(dir, 'caddy.log'),
        env: { XDG_DATA_HOME: dataDir, XDG_CONFIG_HOME: configDir, HOME: dir },
        ...(netns ? { netns } : {}),
      });
    },
    ready: async (proc) => {
      await proc.waitReady(async () => (await admin.config()) !== null, {
        timeoutMs: startTimeoutMs,
        description: `caddy admin API on ${adminSocket}`,
      });
    },
    cleanup: () => temp.remove(),
  });

  return {
    dir,
    adminSocket,
    admin,
    host,
    port,
    serverName,
    baseConfig,
    autosavePath,
    dataDir,
    get process() {
      return daemon.current;
    },
    async restart({ empty = false } = {}) {
      if (empty) {
        await daemon.halt();
        await rm(autosavePath, { force: true });
      }
      await daemon.restart();
    },
    stop: () => daemon.stop(),
    [Symbol.asyncDispose]: () => daemon.stop(),
  };
}
