import { chmod, mkdir } from 'node:fs/promises';

/**
 * Creates `path` (and missing parents) with mode 0700, chmod-ed so that the
 * umask cannot loosen it. An existing directory is left as it is.
 */
export async function makePrivateDir(path: string): Promise<void> {
  const created = await mkdir(path, { recursive: true, mode: 0o700 });
  if (created !== undefined) await chmod(path, 0o700);
}
