import type { ManagedProcess } from './startProcess.js';

export interface SuperviseDaemonOptions {
  /** Starts one process of the daemon (with `startProcess`), preparing whatever it needs first. */
  launch: () => Promise<ManagedProcess>;
  /**
   * Resolves once `proc` is ready, typically with `proc.waitReady(check)`. If it throws, the
   * process is stopped and the launch fails with that error.
   */
  ready: (proc: ManagedProcess) => Promise<void>;
  /**
   * Releases what the daemon used once it is stopped for good, typically `temp.remove`. Runs
   * after `stop()`, and when the first launch fails.
   */
  cleanup: () => Promise<void>;
}

/** A daemon process that can be stopped and started again, and finally stopped for good. */
export interface SupervisedDaemon {
  /** The current process (a new one after each `restart()` or `start()`). */
  readonly current: ManagedProcess;
  /** Stops the current process and launches a new one. */
  restart(): Promise<void>;
  /** Stops the current process; `start()` or `restart()` launches a new one. */
  halt(): Promise<void>;
  /** Launches a new process unless the current one runs. */
  start(): Promise<void>;
  /** Stops the current process, then runs `cleanup`; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Launches a daemon and waits until it is ready (see the options). If that fails, it cleans up
 * and rethrows. A later launch (`restart`, `start`) that fails keeps the previous, stopped
 * process as `current` and cleans nothing up: `stop()` still does.
 */
export async function superviseDaemon(options: SuperviseDaemonOptions): Promise<SupervisedDaemon> {
  const { launch, ready, cleanup } = options;
  const launchReady = async () => {
    const proc = await launch();
    try {
      await ready(proc);
    } catch (error) {
      await proc.stop();
      throw error;
    }
    return proc;
  };

  let current: ManagedProcess;
  try {
    current = await launchReady();
  } catch (error) {
    await cleanup();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    get current() {
      return current;
    },
    async restart() {
      await current.stop();
      current = await launchReady();
    },
    async halt() {
      await current.stop();
    },
    async start() {
      if (!current.isRunning()) current = await launchReady();
    },
    stop: () =>
      (stopping ??= (async () => {
        await current.stop();
        await cleanup();
      })()),
  };
}
