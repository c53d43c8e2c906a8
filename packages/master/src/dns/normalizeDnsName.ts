// Letters, digits, hyphen inside a label; underscore for service labels
// (`_acme-challenge`). Anything else (space, newline, quote) could change
// the meaning of an nsupdate line, so it never gets that far.
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * The canonical form of a domain name (lower case, no trailing dot), or
 * `undefined` when it is not a valid host-style name: labels of 1–63
 * letters, digits, `-` or `_` (no leading or trailing `-`), 253 characters at most.
 */
export function normalizeDnsName(name: string): string | undefined {
  const canonical = name.toLowerCase().replace(/\.$/, '');
  if (canonical === '' || canonical.length > 253) return undefined;
  return canonical.split('.').every((label) => LABEL.test(label)) ? canonical : undefined;
}
