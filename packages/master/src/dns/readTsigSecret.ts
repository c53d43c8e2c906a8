import { open } from 'node:fs/promises';
import { DnsError } from './DnsError.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads the base64 TSIG secret from a file (trimmed). The file is read at
 * every use, so a rotated secret takes effect without a restart. Messages
 * name the file, never its content.
 *
 * @throws DnsError `INVALID_SECRET` when the file cannot be read, is not a
 *   regular file, may be accessed by group or others (mode & 0o077), or
 *   does not hold exactly one base64 value.
 */
export async function readTsigSecret(path: string): Promise<string> {
  let content: string;
  try {
    const file = await open(path, 'r');
    try {
      // fstat on the open file: the mode checked is the mode of what is read.
      const stats = await file.stat();
      const mode = stats.mode & 0o777;
      if (!stats.isFile()) {
        throw new DnsError('INVALID_SECRET', `TSIG secret file ${path} is not a regular file`);
      }
      if ((mode & 0o077) !== 0) {
        throw new DnsError(
          'INVALID_SECRET',
          `TSIG secret file ${path} has mode ${mode.toString(8).padStart(4, '0')}; ` +
            `it must not be accessible by group or others (chmod 600 ${path})`,
        );
      }
      content = (await file.readFile('utf8')).trim();
    } finally {
      await file.close();
    }
  } catch (error) {
    if (error instanceof DnsError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new DnsError('INVALID_SECRET', `cannot read TSIG secret file ${path} (${reason})`, {
      cause: error,
    });
  }
  if (!BASE64.test(content) || content.length % 4 !== 0) {
    throw new DnsError('INVALID_SECRET', `TSIG secret file ${path} must hold one base64 secret`);
  }
  return content;
}
