import { readFile } from 'node:fs/promises';
import { SpecError } from './SpecError.js';

/**
 * Reads a UTF-8 text file.
 *
 * @throws SpecError (`READ_FAILED`) naming the file and the system's reason.
 */
export async function readSource(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw readFailed(file, error);
  }
}

/** A `READ_FAILED` SpecError for `file`, keeping the system error as cause. */
export function readFailed(file: string, error: unknown): SpecError {
  const message = (error as { message?: unknown } | null)?.message;
  // Node says "ENOENT: no such file or directory, open '<file>'"; the file is already named.
  const reason = typeof message === 'string' ? message.replace(/, \w+ '.*'$/, '') : String(error);
  return new SpecError('READ_FAILED', [{ file, path: '', message: `cannot read: ${reason}` }], {
    cause: error,
  });
}
