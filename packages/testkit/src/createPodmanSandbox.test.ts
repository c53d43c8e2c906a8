import { spawn } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { buildTestImage } from './buildTestImage.js';
import { createPodmanSandbox, sweepStalePodmanSandboxes, type PodmanSandbox } from './createPodmanSandbox.js';
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

  it('sweeps a sandbox whose owner was SIGKILLed, containers and all, and leaves a live one alone', async () => {
    // The owner: a Node process that makes a sandbox with a running container, then is killed.
    const dist = (file: string) =>
      JSON.stringify(pathToFileURL(join(import.meta.dirname, '../dist', file)).href);
    const owner = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { createPodmanSandbox } from ${dist('createPodmanSandbox.js')};
         import { buildTestImage } from ${dist('buildTestImage.js')};
         const s = await createPodmanSandbox();
         const image = await buildTestImage(s);
         await s.podman(['run', '--detach', '--name', 'web', image.ref]);
         const { stdout } = await s.podman(['inspect', 'web', '--format', '{{.State.Pid}} {{.State.ConmonPid}}']);
         console.log(JSON.stringify({ dir: s.dir, pids: stdout.trim().split(' ').map(Number) }));
         setInterval(() => {}, 1 << 30);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let left: { dir: string; pids: number[] } | undefined;
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: owner.stdout }).once('line', resolve);
        owner.once('exit', (code) =>
          reject(new Error(`the owner exited ${code} before its sandbox was ready`)),
        );
      });
      left = JSON.parse(line) as { dir: string; pids: number[] };
      owner.kill('SIGKILL');
      await new Promise((resolve) => owner.once('exit', resolve));
      // What a killed run leaves: its container still running, its storage still there.
      expect(left.pids.every((pid) => isProcessRunning(pid))).toBe(true);
      await access(left.dir);

      const swept = await sweepStalePodmanSandboxes();
      expect(swept).toContain(left.dir);
      expect(swept).not.toContain(sandbox.dir);
      expect(left.pids.some((pid) => isProcessRunning(pid))).toBe(false);
      await expect(access(left.dir)).rejects.toThrow();
      expect(await mountsUnder(left.dir)).toEqual([]);
      // The live sandbox still works.
      await access(sandbox.dir);
      expect((await sandbox.podman(['ps', '--all', '--quiet'])).exitCode).toBe(0);
    } finally {
      owner.kill('SIGKILL');
      if (left) await sweepStalePodmanSandboxes();
    }
  });
});
