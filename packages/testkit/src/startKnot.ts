import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { freePort } from './freePort.js';
import { initialZone, knotConfig, type TsigAlgorithm, type TsigKey } from './knotConfig.js';
import { makeTempDir } from './makeTempDir.js';
import { startProcess, type ManagedProcess } from './startProcess.js';
import { superviseDaemon } from './superviseDaemon.js';
import { TestkitError } from './TestkitError.js';

export interface StartKnotOptions {
  /** Zone to serve, with or without the trailing dot. Default 'svc.mcp.test.'. */
  zone?: string;
  /** Address to listen on (UDP and TCP). Default '127.0.0.1'. */
  address?: string;
  /** Port. Default a port free for both UDP and TCP; 53 in a network namespace (`netns`). */
  port?: number;
  /** Run inside this network namespace (`/run/netns/<name>`). Default this process's. */
  netns?: string;
  /** Extra zone-file lines relative to the zone, e.g. ['www 60 A 127.0.0.9']. Default none. */
  records?: readonly string[];
  /** TSIG key name. Default 'mcp-test.'. */
  tsigName?: string;
  /** TSIG algorithm of the key. Default 'hmac-sha256'. */
  algorithm?: TsigAlgorithm;
  /** The knotd binary. Default 'knotd'. */
  knotdPath?: string;
  /** How long to wait for the zone to answer. Default 10 000 ms. */
  startTimeoutMs?: number;
}

/** One record of an answer. */
export interface DnsRecord {
  ttl: number;
  /** The record data as dig prints it, e.g. '127.0.0.9'. */
  data: string;
}

/** A running Knot DNS serving one zone that accepts TSIG-signed dynamic updates. */
export interface KnotInstance {
  readonly dir: string;
  readonly address: string;
  readonly port: number;
  /** `<address>:<port>` (`[<address>]:<port>` for IPv6), as an RFC 2136 client's `server` setting. */
  readonly server: string;
  /** With the trailing dot. */
  readonly zone: string;
  readonly tsig: TsigKey;
  /** The key in nsupdate's format (`nsupdate -k <file>`), mode 0600. */
  readonly tsigKeyFile: string;
  /** The base64 secret alone on one line, mode 0600: a `tsigSecretFile` for the master's DNS provider. */
  readonly secretFile: string;
  readonly process: ManagedProcess;
  /**
   * Asks the server with dig (UDP, no recursion) for `name`/`type` (default A) and returns the
   * answer's record data, sorted; [] when none. Throws `TestkitError('COMMAND_FAILED')` if dig
   * gets no answer.
   */
  query(name: string, type?: string): Promise<string[]>;
  /** As `query`, with each record's TTL; sorted by data. */
  records(name: string, type?: string): Promise<DnsRecord[]>;
  /** Sends `commands` (e.g. ['update add a.svc.mcp.test. 60 A 127.0.0.9']) through nsupdate -k. */
  nsupdate(commands: readonly string[]): Promise<void>;
  /** Stops knotd and starts it again on the same data. */
  restart(): Promise<void>;
  /** Stops knotd but keeps its data, so `start()` can bring it back (a DNS outage). */
  halt(): Promise<void>;
  /** Starts knotd again after `halt()`; no-op while it runs. */
  start(): Promise<void>;
  /** Stops knotd and removes `dir`; safe to call twice. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts knotd with a temporary config, storage and rundir. Resolves once the zone's SOA is
 * served. Throws `TestkitError('START_FAILED')` with knotd's log if it exits first.
 */
export async function startKnot(options: StartKnotOptions = {}): Promise<KnotInstance> {
  const {
    address = '127.0.0.1',
    records: extraRecords = [],
    algorithm = 'hmac-sha256',
    knotdPath = 'knotd',
    startTimeoutMs = 10_000,
  } = options;
  const zone = withDot(options.zone ?? 'svc.mcp.test.');
  const tsig: TsigKey = {
    name: withDot(options.tsigName ?? 'mcp-test.'),
    algorithm,
    secret: randomBytes(32).toString('base64'),
  };
  const { netns } = options;
  const port = options.port ?? (netns ? 53 : await freePort({ host: address, udp: true }));
  const temp = await makeTempDir('mcp-knot-');
  const dir = temp.path;
  const configPath = join(dir, 'knot.conf');
  const tsigKeyFile = join(dir, 'tsig.key');
  const secretFile = join(dir, 'tsig.secret');
  const zoneFile = `${zone.slice(0, -1) || 'root'}.zone`;
  await Promise.all(['run', 'db', 'zones'].map((sub) => mkdir(join(dir, sub))));
  await writeFile(join(dir, 'zones', zoneFile), initialZone(zone, address, extraRecords));
  await writeFile(configPath, knotConfig({ dir, address, port, zone, zoneFile, tsig }));
  await writeFile(
    tsigKeyFile,
    `key "${tsig.name}" {\n  algorithm ${tsig.algorithm};\n  secret "${tsig.secret}";\n};\n`,
    { mode: 0o600 },
  );
  await writeFile(secretFile, `${tsig.secret}\n`, { mode: 0o600 });

  const records: KnotInstance['records'] = async (name, type = 'A') => {
    const digOptions = ['+noall', '+answer', '+norecurse', '+time=2', '+tries=2'];
    const result = await execa('dig', [`@${address}`, '-p', String(port), ...digOptions, name, type], {
      reject: false,
    });
    if (result.exitCode !== 0) {
      throw new TestkitError(
        'COMMAND_FAILED',
        `dig ${name} ${type} exited ${result.exitCode}: ${result.stdout}${result.stderr}`,
      );
    }
    return result.stdout
      .split('\n')
      .filter((line) => !line.startsWith(';'))
      .map((line) => ANSWER_LINE.exec(line.trim()))
      .filter((match) => match !== null)
      .map(([, ttl = '', data = '']) => ({ ttl: Number(ttl), data }))
      .sort((a, b) => a.data.localeCompare(b.data));
  };
  const query: KnotInstance['query'] = async (name, type) =>
    (await records(name, type)).map((record) => record.data);

  const daemon = await superviseDaemon({
    launch: () =>
      startProcess(knotdPath, ['--config', configPath], {
        logPath: join(dir, 'knotd.log'),
        ...(netns ? { netns } : {}),
      }),
    ready: async (proc) => {
      await proc.waitReady(async () => (await query(zone, 'SOA')).length > 0, {
        timeoutMs: startTimeoutMs,
        description: `SOA of ${zone} on ${address}@${port}`,
      });
    },
    cleanup: () => temp.remove(),
  });

  return {
    dir,
    address,
    port,
    server: address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`,
    zone,
    tsig,
    tsigKeyFile,
    secretFile,
    get process() {
      return daemon.current;
    },
    query,
    records,
    async nsupdate(commands) {
      const script = [`server ${address} ${port}`, `zone ${zone}`, ...commands, 'send', ''].join('\n');
      const result = await execa('nsupdate', ['-k', tsigKeyFile], { input: script, reject: false });
      if (result.exitCode !== 0) {
        throw new TestkitError(
          'COMMAND_FAILED',
          `nsupdate exited ${result.exitCode}: ${result.stderr.trim()}`,
        );
      }
    },
    restart: () => daemon.restart(),
    halt: () => daemon.halt(),
    start: () => daemon.start(),
    stop: () => daemon.stop(),
    [Symbol.asyncDispose]: () => daemon.stop(),
  };
}

/** `<name> <ttl> <class> <type> <data>`, as dig prints an answer. */
const ANSWER_LINE = /^\S+\s+(\d+)\s+\S+\s+\S+\s+(.*)$/;

const withDot = (name: string) => (name.endsWith('.') ? name : `${name}.`);
