// A real Knot DNS for tests: knotd in the foreground as our child, on
// 127.0.0.1 and a free port, with all its files in one temp dir.
import type { TsigAlgorithm } from '@mcp/spec';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dig, digRecords, type DigRecord } from './dig.js';
import { freeLoopbackPort } from './freeLoopbackPort.js';
import { renderKnotConfig, renderZoneFile } from './knotConfig.js';

/** A running (or halted) test Knot and what a provider needs to update it. */
export interface KnotServer {
  /** `127.0.0.1:<port>`. */
  readonly server: string;
  readonly port: number;
  readonly zone: string;
  readonly keyName: string;
  readonly algorithm: TsigAlgorithm;
  /** Mode 0600 file with the base64 secret Knot knows. */
  readonly secretFile: string;
  /** The temp dir holding config, zone, journal and rundir. */
  readonly dir: string;
  /** The record data of `name`/`type`, asked of this Knot directly, sorted. */
  query(name: string, type?: string): Promise<string[]>;
  /** As `query`, with each record's TTL. */
  records(name: string, type?: string): Promise<DigRecord[]>;
  /** Stops knotd (SIGTERM, then SIGKILL), keeping its storage. */
  halt(): Promise<void>;
  /** Starts knotd again on the same port and storage; resolves once it answers. */
  start(): Promise<void>;
  /** Stops knotd and removes the temp dir; safe to call twice. */
  stop(): Promise<void>;
}

/** How the test Knot is set up. */
export interface StartKnotOptions {
  /** Default `svc.mcp.example.test`. */
  zone?: string;
  /** Default `hmac-sha256`. */
  algorithm?: TsigAlgorithm;
  /** Default `/usr/sbin/knotd` when present, else `knotd` from PATH. */
  knotdPath?: string;
  /** Longest wait for knotd to answer; default 10 s. */
  startTimeoutMs?: number;
}

const SETPRIV = '/usr/bin/setpriv';

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => (clearTimeout(timer), resolve(true)));
  });
}

/**
 * Starts knotd with a fresh zone and update key and resolves once it answers
 * a SOA query. Call `stop()` in `afterAll` (it runs when tests fail too).
 * Should the test process end first, knotd is SIGKILLed with it (via
 * setpriv's parent-death signal); only the temp dir is then left.
 *
 * @throws when knotd exits or does not answer in time (with its log).
 */
export async function startKnot(options: StartKnotOptions = {}): Promise<KnotServer> {
  const zone = options.zone ?? 'svc.mcp.example.test';
  const algorithm = options.algorithm ?? 'hmac-sha256';
  const knotd = options.knotdPath ?? (existsSync('/usr/sbin/knotd') ? '/usr/sbin/knotd' : 'knotd');
  const dir = await mkdtemp(join(tmpdir(), 'mcp-master-dns-knot-'));
  const port = await freeLoopbackPort();
  const secret = randomBytes(32).toString('base64');
  const keyName = 'mcp-master-test';
  const config = join(dir, 'knot.conf');
  const secretFile = join(dir, 'tsig.secret');
  await Promise.all(['run', 'storage', 'zones'].map((sub) => mkdir(join(dir, sub), { mode: 0o700 })));
  await writeFile(config, renderKnotConfig({ dir, port, zone, keyName, algorithm, secret }), { mode: 0o600 });
  await writeFile(join(dir, 'zones', `${zone}.zone`), renderZoneFile(zone));
  await writeFile(secretFile, `${secret}\n`, { mode: 0o600 });

  let child: ChildProcess | undefined;
  let log = '';

  const halt = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined) return;
    running.kill('SIGTERM');
    if (!(await waitForExit(running, 3000))) {
      running.kill('SIGKILL');
      await waitForExit(running, 3000);
    }
  };

  const start = async (): Promise<void> => {
    if (child !== undefined) return;
    log = '';
    // setpriv --pdeathsig: knotd dies with the test process however that
    // ends (jest runs no 'exit' listeners of a test); unref: a forgotten
    // stop() does not keep jest from exiting.
    const [file, args] = existsSync(SETPRIV)
      ? [SETPRIV, ['--pdeathsig', 'KILL', '--', knotd, '-c', config]]
      : [knotd, ['-c', config]];
    const spawned = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = spawned;
    spawned.unref();
    // A pipe to a child is a net.Socket, though typed as Readable.
    (spawned.stderr as Socket | null)?.unref();
    spawned.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8000)));
    spawned.once('error', (error) => (log += `\n${error.message}`));
    const deadline = performance.now() + (options.startTimeoutMs ?? 10_000);
    while (performance.now() < deadline) {
      if (spawned.exitCode !== null || spawned.signalCode !== null || spawned.pid === undefined) break;
      const answer = await dig(port, zone, 'SOA').catch(() => []);
      if (answer.length > 0) return;
      await sleep(50);
    }
    await halt();
    throw new Error(`knotd did not start on 127.0.0.1:${port}:\n${log}`);
  };

  const server: KnotServer = {
    server: `127.0.0.1:${port}`,
    port,
    zone,
    keyName,
    algorithm,
    secretFile,
    dir,
    query: (name, type = 'A') => dig(port, name, type),
    records: (name, type = 'A') => digRecords(port, name, type),
    halt,
    start,
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await start();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
