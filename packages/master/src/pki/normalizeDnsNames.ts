import { EdgeError, normalizeHostname } from '@mcp/edge';
import { PkiError, type PkiErrorCode } from './PkiError.js';

/**
 * `names` lowercased and without duplicates, in their first order, after
 * checking each is a plain DNS hostname (no wildcard, no trailing dot).
 *
 * @throws PkiError with `code` naming the first malformed name, or if there
 *   is no name at all.
 */
export function normalizeDnsNames(names: readonly string[], code: PkiErrorCode, what: string): string[] {
  if (names.length === 0) throw new PkiError(code, `${what} names no DNS name`);
  const normalized = names.map((name) => {
    try {
      return normalizeHostname(name);
    } catch (error) {
      if (!(error instanceof EdgeError)) throw error;
      throw new PkiError(code, `${what}: ${error.message}`, { cause: error });
    }
  });
  return [...new Set(normalized)];
}
