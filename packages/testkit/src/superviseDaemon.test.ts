import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { isProcessRunning } from './isProcessRunning.js';
import { makeTempDir, type TempDir } from './makeTempDir.js';
import { startProcess, type ManagedProcess } from './startProcess.js';
import { superviseDaemon } from './superviseDaemon.js';

/** A daemon that says 'ready' after `ready` launches (or never, with `ready: false`). */
function sleeper(temp: TempDir, { ready = true }: { ready?: boolean } = {}) {
  const launched: ManagedProcess[] = [];
  let cleanups = 0;
  const options = {
    launch: async () => {
      const script = ready ? 'echo ready; exec sleep 300' : 'exec sleep 300';
      const proc = await startProcess('sh', ['-c', script], { logPath: join(temp.path, 'log') });
      launched.push(proc);
      return proc;
    },
    ready: async (proc: ManagedProcess) => {
      await proc.waitReady(async () => (await proc.readLog()).includes('ready'), { timeoutMs: 500 });
    },
    cleanup: async () => {
      cleanups += 1;
      await temp.remove();
    },
  };
  return { options, launched, cleanups: () => cleanups };
}

const gone = (path: string) =>
  access(path).then(
    () => false,
    () => true,
  );

describe('superviseDaemon', () => {
  it('halts, starts, restarts, and stops once for good', async () => {
    const temp = await makeTempDir('mcp-testkit-supervise-');
    const { options, launched, cleanups } = sleeper(temp);
    const daemon = await superviseDaemon(options);
    const first = daemon.current;
    expect(first.isRunning()).toBe(true);

    await daemon.start(); // running: nothing to do
    expect(daemon.current).toBe(first);

    await daemon.halt();
    expect(isProcessRunning(first.pid)).toBe(false);
    expect(await gone(temp.path)).toBe(false);
    await daemon.start();
    const second = daemon.current;
    expect(second).not.toBe(first);
    expect(second.isRunning()).toBe(true);

    await daemon.restart();
    expect(isProcessRunning(second.pid)).toBe(false);
    expect(daemon.current.isRunning()).toBe(true);
    expect(launched).toHaveLength(3);

    const last = daemon.current;
    await Promise.all([daemon.stop(), daemon.stop()]);
    await daemon.stop();
    expect(isProcessRunning(last.pid)).toBe(false);
    expect(await gone(temp.path)).toBe(true);
    expect(cleanups()).toBe(1);
  });

  it('stops a process that is never ready and cleans up when the first launch fails', async () => {
    const temp = await makeTempDir('mcp-testkit-supervise-');
    const { options, launched, cleanups } = sleeper(temp, { ready: false });
    await expect(superviseDaemon(options)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(launched).toHaveLength(1);
    expect(isProcessRunning(launched[0]!.pid)).toBe(false);
    expect(await gone(temp.path)).toBe(true);
    expect(cleanups()).toBe(1);
  });

  it('cleans up when the first launch throws, without a process to stop', async () => {
    const temp = await makeTempDir('mcp-testkit-supervise-');
    const { options, cleanups } = sleeper(temp);
    const failing = {
      ...options,
      launch: () => startProcess('/nonexistent/daemon', [], { logPath: join(temp.path, 'log') }),
    };
    await expect(superviseDaemon(failing)).rejects.toMatchObject({ code: 'START_FAILED' });
    expect(await gone(temp.path)).toBe(true);
    expect(cleanups()).toBe(1);
  });

  it('keeps the stopped process and its files when a later launch fails', async () => {
    const temp = await makeTempDir('mcp-testkit-supervise-');
    let ready = true;
    const { options, launched, cleanups } = sleeper(temp);
    const daemon = await superviseDaemon({
      ...options,
      ready: async (proc) => {
        if (!ready) throw new Error('not this time');
        await options.ready(proc);
      },
    });
    const first = daemon.current;
    ready = false;
    await expect(daemon.restart()).rejects.toThrow('not this time');
    expect(daemon.current).toBe(first);
    expect(first.isRunning()).toBe(false);
    expect(launched).toHaveLength(2);
    expect(isProcessRunning(launched[1]!.pid)).toBe(false);
    expect(await gone(temp.path)).toBe(false);
    expect(cleanups()).toBe(0);

    ready = true;
    await daemon.start();
    expect(daemon.current.isRunning()).toBe(true);
    await daemon.stop();
    expect(await gone(temp.path)).toBe(true);
  });
});
