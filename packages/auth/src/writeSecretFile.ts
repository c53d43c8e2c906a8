import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a secret (private key, token) so that it is never readable by group
 * or others, not even for a moment: the content goes to a new temporary file
 * in the same directory created with mode 0600 (and chmod-ed to 0600 in case
 * of an odd umask or ACL default), is flushed to disk, then renamed over
 * `path` in one step. A reader sees the old file or the whole new one.
 * A missing directory is created with mode 0700.
 *
 * @throws the file system's error (the temporary file is removed first).
 */
export async function writeSecretFile(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx': fail rather than follow a planted file or symlink at the temp name.
  const file = await open(temp, 'wx', 0o600);
  try {
    try {
      await file.chmod(0o600);
      await file.writeFile(content);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
