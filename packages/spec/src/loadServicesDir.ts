import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadServiceFile } from './loadServiceFile.js';
import { readFailed } from './readSource.js';
import type { ServiceSpec } from './serviceTypes.js';
import { SpecError } from './SpecError.js';

/**
 * Loads every `*.toml` file of `dir` (not its subdirectories; names starting
 * with `.`, such as editor lock files, are skipped), sorted by file name, so
 * sorted by service name.
 *
 * All or nothing: if any file is bad, throws one SpecError listing the
 * issues of every bad file (each issue names its file), because a caller
 * such as `mcp sync` must never mistake an unreadable file for a removed
 * service. The code is that of the single bad file, or `INVALID` for several.
 *
 * @throws SpecError `READ_FAILED` when `dir` cannot be listed, or as above.
 */
export async function loadServicesDir(dir: string): Promise<ServiceSpec[]> {
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    names = entries
      .filter((entry) => !entry.isDirectory() && entry.name.endsWith('.toml') && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw readFailed(dir, error);
  }
  const specs: ServiceSpec[] = [];
  const errors: SpecError[] = [];
  for (const name of names) {
    try {
      specs.push(await loadServiceFile(join(dir, name)));
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1)
    throw new SpecError(
      'INVALID',
      errors.flatMap((error) => error.issues),
    );
  return specs;
}
