import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { isProcessRunning } from './isProcessRunning.js';
import { makeTempDir, type TempDir } from './makeTempDir.js';
import { startProcess } from './startProcess.js';

describe('startProcess', () => {
  let dir: TempDir;
  beforeEach(async () => (dir = await makeTempDir('mcp-testkit-proc-')));
  afterEach(() => dir.remove());

  it('logs output to a file and stops the whole process group with SIGTERM', async () => {
    const proc = await startProcess('sh', ['-c', 'echo "started $GREETING"; sleep 300 & wait'], {
      logPath: join(dir.path, 'log'),
      env: { GREETING: 'hi' },
    });
    expect(proc.isRunning()).toBe(true);
    await proc.waitReady(async () => (await proc.readLog()).includes('started hi'));
    const exit = await proc.stop();
    expect(exit.signal).toBe('SIGTERM');
    expect(isProcessRunning(proc.pid)).toBe(false);
    expect(proc.isRunning()).toBe(false);
    await proc.stop(); // a second stop is harmless
  });

  it('also stops descendants that started a session of their own', async () => {
    const proc = await startProcess('sh', ['-c', 'setsid sleep 300 & echo "child $!"; wait'], {
      logPath: join(dir.path, 'log'),
    });
    const line = await proc.waitReady(async () => /child (\d+)/.exec(await proc.readLog()));
    const child = Number(line[1]);
    expect(isProcessRunning(child)).toBe(true);
    await proc.stop();
    expect(isProcessRunning(child)).toBe(false);
  });

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    const proc = await startProcess('sh', ['-c', 'trap "" TERM; echo ready; while :; do sleep 0.05; done'], {
      logPath: join(dir.path, 'log'),
    });
    await proc.waitReady(async () => (await proc.readLog()).includes('ready'));
    const exit = await proc.stop({ timeoutMs: 200 });
    expect(exit.signal).toBe('SIGKILL');
    expect(isProcessRunning(proc.pid)).toBe(false);
  });

  it('fails fast with the log when the process exits before it is ready', async () => {
    const proc = await startProcess('sh', ['-c', 'echo "bad config" >&2; exit 3'], {
      logPath: join(dir.path, 'log'),
    });
    const ready = proc.waitReady(() => false, { timeoutMs: 10_000 });
    await expect(ready).rejects.toMatchObject({ code: 'START_FAILED' });
    await expect(ready).rejects.toThrow(/code 3.*\n.*bad config/s);
  });

  it('refuses a missing binary', async () => {
    const start = startProcess(join(dir.path, 'no-such-binary'), [], { logPath: join(dir.path, 'log') });
    await expect(start).rejects.toMatchObject({ code: 'START_FAILED' });
  });
});
