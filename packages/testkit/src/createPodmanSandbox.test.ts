import { access, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { buildTestImage } from './buildTestImage.js';
import { createPodmanSandbox, type PodmanSandbox } from './createPodmanSandbox.js';
import { isProcessRunning } from './isProcessRunning.js';
import { mountsUnder } from './mountsUnder.js';

describe('createPodmanSandbox', () => {
  jest.setTimeout(20_000);
  let sandbox: PodmanSandbox;
  beforeAll(async () => (sandbox = await createPodmanSandbox()));
  afterAll(() => sandbox.stop());

  it('configures runc, cgroupfs, low ulimits and vfs storage inside its own dir', async () => {
    const conf = await readFile(sandbox.env.CONTAINERS_CONF, 'utf8');
    expect(conf).toContain('runtime = "runc"');
    expect(conf).toContain('default_ulimits = ["nofile=1024:1024", "nproc=1000:1000"]');
    const { stdout } = await sandbox.podman([
      'info',
      '--format',
      '{{.Store.GraphDriverName}} {{.Store.GraphRoot}} {{.Host.OCIRuntime.Name}} {{.Host.CgroupManager}}',
    ]);
    expect(stdout.trim()).toBe(`vfs ${sandbox.dir}/root runc cgroupfs`);
    expect(sandbox.globalArgs).toEqual(expect.arrayContaining(['--root', `${sandbox.dir}/root`]));
  });

  it('throws COMMAND_FAILED with podman’s message, unless told not to', async () => {
    await expect(sandbox.podman(['inspect', 'no-such-container'])).rejects.toMatchObject({
      code: 'COMMAND_FAILED',
    });
    const result = await sandbox.podman(['inspect', 'no-such-container'], { reject: false });
    expect(result.exitCode).not.toBe(0);
  });

  it('sees only its own containers, and stop removes them, their processes, its storage and dir', async () => {
    const other = await createPodmanSandbox();
    let pids: number[];
    try {
      const image = await buildTestImage(other);
      await other.podman(['run', '--detach', '--name', 'web', image.ref]);
      const { stdout } = await other.podman([
        'inspect',
        'web',
        '--format',
        '{{.State.Pid}} {{.State.ConmonPid}}',
      ]);
      pids = stdout.trim().split(' ').map(Number);
      expect(pids.every((pid) => pid > 0 && isProcessRunning(pid))).toBe(true);

      expect((await sandbox.podman(['ps', '--all', '--quiet'])).stdout.trim()).toBe('');
      expect((await sandbox.podman(['images', '--quiet'])).stdout.trim()).toBe('');
    } finally {
      await other.stop();
    }
    expect(pids.some((pid) => isProcessRunning(pid))).toBe(false);
    await expect(access(other.dir)).rejects.toThrow();
    expect(await mountsUnder(other.dir)).toEqual([]);
    await other.stop(); // a second stop is harmless
  });
});
