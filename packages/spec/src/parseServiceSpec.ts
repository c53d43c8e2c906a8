import { parseDocument } from './parseDocument.js';
import { readServiceSpec } from './readServiceSpec.js';
import type { ServiceSpec } from './serviceTypes.js';

/** Options of `parseServiceSpec`. */
export interface ParseServiceOptions {
  /** File name used in error messages; default none (messages say `line N`). */
  file?: string;
  /** Name the service must have (its file name without `.toml`); default no check. */
  expectedName?: string;
}

/**
 * Parses and validates a service definition (TOML text). Pure: no I/O.
 * Every default is applied in the result.
 *
 * @throws SpecError `SYNTAX` for malformed TOML; `INVALID` listing every
 *   problem, each with its line and field path.
 */
export function parseServiceSpec(source: string, options: ParseServiceOptions = {}): ServiceSpec {
  return parseDocument(source, options.file, (root) => readServiceSpec(root, options.expectedName));
}
