import { basename } from 'node:path';
import { parseServiceSpec } from './parseServiceSpec.js';
import { readSource } from './readSource.js';
import type { ServiceSpec } from './serviceTypes.js';

/**
 * Reads and validates the service file at `path`. The service's `name` must
 * equal the file name without `.toml` (`hello.toml` holds service `hello`),
 * because that is how `mcp deploy hello` finds it. Errors name `path` as given.
 *
 * @throws SpecError `READ_FAILED`, `SYNTAX` or `INVALID`.
 */
export async function loadServiceFile(path: string): Promise<ServiceSpec> {
  const source = await readSource(path);
  return parseServiceSpec(source, { file: path, expectedName: basename(path, '.toml') });
}
