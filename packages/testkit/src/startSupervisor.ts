import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from './makeTempDir.js';
import { startProcess, type ManagedProcess } from './startProcess.js';
import { waitFor } from './waitFor.js';

export interface StartSupervisorOptions {
  /** The service's executable; started afresh from this path each time. */
  command: string;
  args?: readonly string[];
  /** Variables added to the service's environment. Default none. */
  env?: Record<string, string>;
  /** Wait after a failed run before starting again (systemd's RestartSec). Default 200 ms. */
  restartDelayMs?: number;
}

/** A service under a supervisor that restarts it on failure and on request, as systemd would. */
export interface Supervisor {
  readonly process: ManagedProcess;
  /** A shell command that restarts the service (`kill -HUP <supervisor pid>`), for a node's `restart`. */
  readonly restartCommand: string;
  /** How often the service has been started so far. */
  starts(): Promise<number>;
  /** The service's current pid; `undefined` while it is not running. */
  servicePid(): Promise<number | undefined>;
  /** The supervisor's log: its own lines and the service's output. */
  readLog(): Promise<string>;
  /** Stops the service and the supervisor (by pid), then removes the temp dir; safe to call twice. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

// Built: dist/supervisorMain.js. From the sources (jest): Node 24 runs the .ts itself.
function supervisorMain(): string {
  const built = fileURLToPath(new URL('./supervisorMain.js', import.meta.url));
  return existsSync(built) ? built : fileURLToPath(new URL('./supervisorMain.ts', import.meta.url));
}

/**
 * Starts `command` under a small supervisor process (see supervisorMain.ts),
 * a stand-in for systemd: restarted after `restartDelayMs` when it fails,
 * restarted by `restartCommand`, killed with the supervisor. Resolves once
 * the first start happened (not once the service is ready: that is the
 * caller's to check).
 */
export async function startSupervisor(options: StartSupervisorOptions): Promise<Supervisor> {
  const temp = await makeTempDir('mcp-supervisor-');
  const stateFile = join(temp.path, 'state.json');
  let proc: ManagedProcess;
  try {
    proc = await startProcess(
      process.execPath,
      [
        supervisorMain(),
        stateFile,
        String(options.restartDelayMs ?? 200),
        '--',
        options.command,
        ...(options.args ?? []),
      ],
      { logPath: join(temp.path, 'supervisor.log'), env: options.env },
    );
    await proc.waitReady(() => existsSync(stateFile), { timeoutMs: 10_000, description: 'the supervisor' });
  } catch (error) {
    await temp.remove();
    throw error;
  }
  const state = async () => {
    const text = await readFile(stateFile, 'utf8').catch(() => '{}');
    return JSON.parse(text || '{}') as { pid?: number | null; starts?: number };
  };
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await proc.stop();
      await temp.remove();
    })());
  return {
    process: proc,
    restartCommand: `kill -HUP ${proc.pid}`,
    starts: async () => (await state()).starts ?? 0,
    servicePid: async () => (await state()).pid ?? undefined,
    readLog: () => proc.readLog(),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** Resolves once `supervisor` has started its service `count` times. */
export function waitForStarts(supervisor: Supervisor, count: number, timeoutMs = 10_000): Promise<number> {
  return waitFor(async () => ((await supervisor.starts()) >= count ? supervisor.starts() : false), {
    timeoutMs,
    description: `${count} starts`,
  });
}
