import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary directory that removes itself. */
export interface TempDir {
  readonly path: string;
  /** Removes the directory and everything in it; safe to call twice. */
  remove(): Promise<void>;
}

/** Creates `<os.tmpdir()>/<prefix>XXXXXX` with mode 0700 (some daemons refuse keys in looser dirs). */
export async function makeTempDir(prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  await chmod(path, 0o700);
  return { path, remove: () => rm(path, { recursive: true, force: true, maxRetries: 3 }) };
}
