import { open } from 'node:fs/promises';
import { AuthError } from './AuthError.js';

/**
 * Reads a bearer token from a file, trimmed. Tokens are passed by file, never
 * on the command line (argv is visible to every user via `ps`).
 *
 * @throws AuthError `INSECURE_FILE` if group or others may access the file
 *   (mode & 0o077), naming the mode found; `INVALID_TOKEN_FILE` if it is not
 *   a regular file or holds no token; the file system's error if unreadable.
 */
export async function readTokenFile(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    // fstat on the open file: the mode checked is the mode of what is read.
    const stats = await file.stat();
    if (!stats.isFile()) {
      throw new AuthError('INVALID_TOKEN_FILE', `token file ${path} is not a regular file`);
    }
    const mode = stats.mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new AuthError(
        'INSECURE_FILE',
        `token file ${path} has mode ${mode.toString(8).padStart(4, '0')}; ` +
          `it must not be accessible by group or others (chmod 600 ${path})`,
      );
    }
    const token = (await file.readFile('utf8')).trim();
    if (token === '' || /\s/.test(token)) {
      throw new AuthError('INVALID_TOKEN_FILE', `token file ${path} must hold exactly one token`);
    }
    return token;
  } finally {
    await file.close();
  }
}
