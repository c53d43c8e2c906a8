import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessRunning } from './isProcessRunning.js';

/** A temporary directory that removes itself. */
export interface TempDir {
  readonly path: string;
  /** Removes the directory and everything in it; safe to call twice. */
  remove(): Promise<void>;
}

/** In every temp dir: the PID of the process that made it. */
export const OWNER_FILE = '.mcp-owner';

/**
 * Creates `<os.tmpdir()>/<prefix>XXXXXX` with mode 0700 (some daemons refuse keys in looser
 * dirs), holding {@link OWNER_FILE}, so that {@link sweepStaleTempDirs} can remove it if this
 * process is killed before it does.
 */
export async function makeTempDir(prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  await chmod(path, 0o700);
  await writeFile(join(path, OWNER_FILE), `${process.pid}\n`, { mode: 0o600 });
  return { path, remove: () => rm(path, { recursive: true, force: true, maxRetries: 3 }) };
}

/** The PID in `dir`'s owner file when that process is gone; undefined while it lives or without one. */
async function deadOwner(dir: string): Promise<number | undefined> {
  const owner = Number((await readFile(join(dir, OWNER_FILE), 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || isProcessRunning(owner))
    return undefined;
  return owner;
}

/**
 * Removes each dir under `base` whose name `matches` and whose owner is gone, after
 * `before(dir)` (to stop what still runs from it). A dir with a live owner, or with no owner
 * file (being made, or not one of these), is never touched. Returns the dirs removed.
 */
export async function sweepDeadOwners(
  base: string,
  matches: (name: string) => boolean,
  before: (dir: string) => Promise<void> = () => Promise.resolve(),
): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(base)).filter(matches);
  } catch {
    return [];
  }
  const swept: string[] = [];
  for (const name of names) {
    const dir = join(base, name);
    if ((await deadOwner(dir)) === undefined) continue;
    await before(dir);
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    swept.push(dir);
  }
  return swept;
}

/**
 * Removes the `mcp-*` temp dirs under `base` (default os.tmpdir()) whose owner is gone: a run
 * killed (SIGKILL, a crash) before its clean-up leaves its files behind, keys and tokens among
 * them. Podman sandboxes (`mcp-podman-*`) are left to `sweepStalePodmanSandboxes`, which stops
 * their containers first. Returns the dirs removed.
 */
export function sweepStaleTempDirs(base = tmpdir()): Promise<string[]> {
  return sweepDeadOwners(base, (name) => name.startsWith('mcp-') && !name.startsWith('mcp-podman-'));
}
