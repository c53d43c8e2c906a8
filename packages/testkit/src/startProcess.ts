import { constants } from 'node:fs';
import { access, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { descendantsOf } from './descendantsOf.js';
import { isProcessRunning } from './isProcessRunning.js';
import { TestkitError } from './TestkitError.js';
import { waitFor, type WaitForOptions } from './waitFor.js';

export interface StartProcessOptions {
  /** File that receives the process's stdout and stderr (appended). */
  logPath: string;
  /** Variables added to this process's environment. Default none. */
  env?: Record<string, string>;
  /** Working directory. Default this process's. */
  cwd?: string;
  /**
   * A network namespace to run in, as its path (`/run/netns/<name>`), entered with
   * `nsenter --net` (not `ip netns exec`, which remounts /sys). Default this process's.
   */
  netns?: string;
}

/** How a process ended. */
export interface ProcessExit {
  exitCode: number | undefined;
  signal: string | undefined;
}

/** A daemon started by `startProcess`, in its own process group. */
export interface ManagedProcess {
  readonly pid: number;
  readonly logPath: string;
  /** Resolves (never rejects) once the process has exited and been reaped. */
  readonly exited: Promise<ProcessExit>;
  isRunning(): boolean;
  /** What this process wrote to the log so far (not earlier runs appended to the same file; '' if unreadable). */
  readLog(): Promise<string>;
  /**
   * Polls `check` like `waitFor`, but fails at once with `TestkitError('START_FAILED')` if the
   * process exits first. Both failures carry the end of the log in their message.
   */
  waitReady<T>(
    check: () => T | false | undefined | null | Promise<T | false | undefined | null>,
    options?: WaitForOptions,
  ): Promise<T>;
  /**
   * SIGTERM to the process group and to every descendant (found by PID, since some start
   * sessions of their own), SIGKILL to those left after `timeoutMs` (default 5000). Resolves
   * once the process is reaped; safe to call twice.
   */
  stop(options?: { timeoutMs?: number }): Promise<ProcessExit>;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // ESRCH: already gone.
  }
}

const signalGroup = (pid: number, name: NodeJS.Signals) => signal(-pid, name);

/**
 * Starts `file` with `args` as a daemon in a new session and process group (so stop reaches
 * its children), output to `logPath`, killed by the kernel if this process dies first. Throws
 * `TestkitError('START_FAILED')` if `file` is not an executable (on PATH or as a path).
 */
export async function startProcess(
  file: string,
  args: readonly string[],
  options: StartProcessOptions,
): Promise<ManagedProcess> {
  const { logPath, env = {}, cwd, netns } = options;
  const executable = await findExecutable(file);
  if (executable === undefined) {
    throw new TestkitError('START_FAILED', `cannot start ${file}: no such executable on PATH`);
  }
  const log = await open(logPath, 'a');
  // The log may hold earlier runs of the same daemon: this process's output starts here.
  const offset = (await log.stat()).size;
  // The daemon writes to the file itself, not through a pipe this process must drain, so its
  // exit is seen even if a grandchild still holds the output open. execa hands any descriptor
  // number to spawn(); its types only name 3 to 9.
  const logFd = log.fd as 3;
  const subprocess = (() => {
    try {
      // setpriv sets PR_SET_PDEATHSIG, then execs `file`: the daemon is killed by the kernel if
      // the test process dies in any way (detached children escape execa's own `cleanup`).
      // nsenter (for --net alone) and setpriv each exec the next: the PID is the daemon's.
      const command = ['setpriv', '--pdeathsig', 'KILL', '--', executable, ...args];
      const [launcher, ...launch] = netns ? ['nsenter', `--net=${netns}`, '--', ...command] : command;
      return execa(launcher!, launch, {
        env,
        cwd,
        detached: true,
        stdin: 'ignore',
        stdout: logFd,
        stderr: logFd,
        reject: false,
      });
    } finally {
      // The child holds its own copy of the descriptor from here on.
      void log.close();
    }
  })();
  const pid = subprocess.pid;
  if (pid === undefined) {
    const result = await subprocess;
    throw new TestkitError('START_FAILED', `cannot start ${file}: ${result.message}`, { cause: result });
  }
  // Unreferenced, a daemon a test forgot to stop does not keep jest waiting: jest exits, and
  // the parent-death signal takes the daemon down with it.
  subprocess.unref();
  const exited: Promise<ProcessExit> = subprocess.then((result) => ({
    exitCode: result.exitCode,
    signal: result.signal,
  }));
  let running = true;
  void exited.then(() => (running = false));
  const readLog = async () =>
    (await readFile(logPath).catch(() => Buffer.alloc(0))).subarray(offset).toString('utf8');
  const tail = async () => (await readLog()).split('\n').slice(-25).join('\n');

  return {
    pid,
    logPath,
    exited,
    isRunning: () => running && isProcessRunning(pid),
    readLog,
    async waitReady(check, waitOptions = {}) {
      const stopWaiting = new AbortController();
      void exited.then((exit) => stopWaiting.abort(exit));
      try {
        return await waitFor(check, { ...waitOptions, signal: stopWaiting.signal });
      } catch (error) {
        const what = `${file} (pid ${pid})`;
        if (!running) {
          const exit = await exited;
          throw new TestkitError(
            'START_FAILED',
            `${what} exited (code ${exit.exitCode}, signal ${exit.signal}) before it was ready; log:\n${await tail()}`,
            { cause: error },
          );
        }
        const message = error instanceof Error ? error.message : String(error);
        throw new TestkitError('TIMEOUT', `${what}: ${message}; log:\n${await tail()}`, { cause: error });
      }
    },
    async stop({ timeoutMs = 5000 } = {}) {
      if (running) {
        const family = descendantsOf(pid);
        signalGroup(pid, 'SIGTERM');
        family.forEach((member) => signal(member, 'SIGTERM'));
        const allGone = waitFor(() => !running && family.every((member) => !isProcessRunning(member)), {
          timeoutMs,
          intervalMs: 20,
        }).then(
          () => true,
          () => false,
        );
        if (!(await allGone)) {
          if (running) signalGroup(pid, 'SIGKILL');
          family.filter(isProcessRunning).forEach((member) => signal(member, 'SIGKILL'));
        }
      }
      return exited;
    },
  };
}

async function findExecutable(file: string): Promise<string | undefined> {
  const candidates = file.includes('/')
    ? [file]
    : (process.env.PATH ?? '').split(':').map((dir) => join(dir || '.', file));
  for (const candidate of candidates) {
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}
