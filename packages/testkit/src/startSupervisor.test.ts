import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { isProcessRunning } from './isProcessRunning.js';
import { makeTempDir, type TempDir } from './makeTempDir.js';
import { startSupervisor, waitForStarts, type Supervisor } from './startSupervisor.js';
import { waitFor } from './waitFor.js';

const running: Supervisor[] = [];
const dirs: TempDir[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) await d.remove();
});

/** An executable script in a temp dir. */
async function script(body: string): Promise<string> {
  const dir = await makeTempDir('mcp-supervised-');
  dirs.push(dir);
  const path = join(dir.path, 'service');
  await writeFile(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

async function supervise(command: string): Promise<Supervisor> {
  const s = await startSupervisor({ command, restartDelayMs: 100 });
  running.push(s);
  return s;
}

describe('startSupervisor', () => {
  it('restarts the service on request, from the file as it is now', async () => {
    const service = await script('echo one; exec sleep 60');
    const s = await supervise(service);
    await waitFor(async () => (await s.readLog()).includes('one'));
    const first = (await s.servicePid())!;
    await writeFile(service, '#!/bin/sh\necho two; exec sleep 60\n', { mode: 0o755 });
    await execa('sh', ['-c', s.restartCommand]);
    await waitForStarts(s, 2);
    await waitFor(async () => (await s.readLog()).includes('two'));
    expect(await s.servicePid()).not.toBe(first);
    expect(isProcessRunning(first)).toBe(false);
  });

  it('restarts a service that fails, and not one that exits cleanly', async () => {
    const failing = await supervise(await script('exit 3'));
    await waitForStarts(failing, 3);
    const clean = await supervise(await script('exit 0'));
    await waitFor(async () => (await clean.readLog()).includes('exited (code 0'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await clean.starts()).toBe(1);
  });

  it('stops the service with itself', async () => {
    const s = await supervise(await script('exec sleep 60'));
    await waitFor(() => s.servicePid());
    const pid = (await s.servicePid())!;
    await s.stop();
    expect(isProcessRunning(pid)).toBe(false);
    expect(s.process.isRunning()).toBe(false);
  });
});
