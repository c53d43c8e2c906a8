import { spawnSync } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeTempDir, OWNER_FILE, sweepStaleTempDirs } from './makeTempDir.js';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'testkit-tempdirs-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('makeTempDir', () => {
  it('makes a 0700 dir that names its owner, and removes it', async () => {
    const temp = await makeTempDir('mcp-unit-');
    try {
      expect((await stat(temp.path)).mode & 0o777).toBe(0o700);
      expect((await readFile(join(temp.path, OWNER_FILE), 'utf8')).trim()).toBe(String(process.pid));
    } finally {
      await temp.remove();
      await temp.remove();
    }
    await expect(access(temp.path)).rejects.toThrow();
  });
});

describe('sweepStaleTempDirs', () => {
  it('removes the dirs of a process that is gone, and leaves live, ownerless and podman ones', async () => {
    // A process that makes a dir (keys and all) in `base` and exits without removing it.
    const url = JSON.stringify(pathToFileURL(join(import.meta.dirname, '../dist/makeTempDir.js')).href);
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { makeTempDir } = await import(${url});
         const t = await makeTempDir('mcp-fleet-');
         console.log(t.path);`,
      ],
      { env: { ...process.env, TMPDIR: base }, encoding: 'utf8' },
    );
    expect(child.status).toBe(0);
    const stale = child.stdout.trim();
    expect(stale.startsWith(join(base, 'mcp-fleet-'))).toBe(true);
    // Ours (live), one with no owner file, and a podman sandbox's (left to its own sweep).
    const ours = join(base, 'mcp-caddy-live');
    await mkdir(ours);
    await writeFile(join(ours, OWNER_FILE), `${process.pid}\n`);
    const ownerless = join(base, 'mcp-knot-ownerless');
    await mkdir(ownerless);
    const podman = join(base, 'mcp-podman-stale');
    await mkdir(podman);
    await writeFile(join(podman, OWNER_FILE), `${child.pid}\n`);

    expect(await sweepStaleTempDirs(base)).toEqual([stale]);
    await expect(access(stale)).rejects.toThrow();
    for (const kept of [ours, ownerless, podman]) await access(kept);
    expect(await sweepStaleTempDirs(base)).toEqual([]);
  });
});
