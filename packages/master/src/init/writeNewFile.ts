import { randomBytes } from 'node:crypto';
import { link, open, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Creates `path` with `content` and `mode`, all at once and never over an
 * existing file: the content goes to a new temporary file (created with
 * `mode`, chmod-ed against the umask, flushed), which is then hard-linked
 * to `path`. `link` fails if `path` exists, so a key written by a
 * concurrent run is never replaced, and a reader never sees half a file.
 *
 * @throws the file system's error; `EEXIST` if `path` exists.
 */
export async function writeNewFile(path: string, content: string, mode: number): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temp, 'wx', mode);
  try {
    try {
      await file.chmod(mode);
      await file.writeFile(content);
      await file.sync();
    } finally {
      await file.close();
    }
    await link(temp, path);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
