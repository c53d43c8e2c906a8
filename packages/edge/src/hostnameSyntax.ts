import { dnsLabelProblem, MAX_NAME_LENGTH } from '@mcp/names';
import { EdgeError, type EdgeErrorCode } from './EdgeError.js';

/**
 * The shared syntax rules for DNS hostnames, kept internal: each exported
 * validator wraps them with its own error code and wording.
 */

/** The longest hostname in presentation form, without a trailing dot (RFC 1035). */
export const MAX_HOSTNAME_LENGTH = MAX_NAME_LENGTH;

/** Who a message is about: its opening words (`hostname`, `backend_hostname:`) and the request field, if any. */
export interface Subject {
  readonly text: string;
  readonly field?: string;
}

/** A syntax verdict: the lowercase name, or a reason that completes `hostname "x" …`. */
export type HostnameCheck =
  { readonly ok: true; readonly name: string } | { readonly ok: false; readonly reason: string };

/**
 * Checks `raw` as a hostname: ASCII only (IDNs arrive as `xn--` labels), no
 * wildcard, no trailing dot, at most 253 characters, labels of 1–63
 * characters from `a-z0-9-` that neither start nor end with a hyphen, and a
 * last label that is not all digits (that would be an IPv4 address).
 */
export function checkHostname(raw: unknown): HostnameCheck {
  if (typeof raw !== 'string') return { ok: false, reason: 'is not a string' };
  if (raw === '') return { ok: false, reason: 'is empty' };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c > 0x7f) {
      return {
        ok: false,
        reason: 'contains non-ASCII characters; internationalized names must arrive as xn-- labels',
      };
    }
    if (c < 0x21 || c === 0x7f) return { ok: false, reason: 'contains whitespace or control characters' };
  }
  if (raw.includes('*')) return { ok: false, reason: 'contains a wildcard; wildcards are not allowed' };
  if (raw.endsWith('.')) return { ok: false, reason: 'ends with a dot; write the name without it' };
  if (raw.length > MAX_HOSTNAME_LENGTH) {
    return { ok: false, reason: `is longer than ${MAX_HOSTNAME_LENGTH} characters` };
  }
  const name = asciiLowerCase(raw);
  const labels = name.split('.');
  for (const label of labels) {
    if (label === '') return { ok: false, reason: 'has an empty label' };
    const problem = dnsLabelProblem(label);
    if (problem !== undefined) return { ok: false, reason: `has a label (${quote(label)}) that ${problem}` };
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) {
    return { ok: false, reason: 'ends in an all-numeric label; IP addresses are not hostnames' };
  }
  return { ok: true, name };
}

/**
 * Lowercases A–Z only. String#toLowerCase also maps some non-ASCII
 * characters onto ASCII letters (the Kelvin sign U+212A becomes "k"), which
 * would let a non-ASCII name pass as an ASCII one.
 */
export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

/**
 * Checks `raw` with {@link checkHostname} and returns the lowercase name.
 *
 * @throws EdgeError with `code` if `raw` is not a valid hostname.
 */
export function requireHostname(raw: unknown, subject: Subject, code: EdgeErrorCode): string {
  const check = checkHostname(raw);
  if (check.ok) return check.name;
  throw fail(code, subject, raw, check.reason);
}

/** An EdgeError reading `<subject> "<raw>" <reason>`, or a type complaint when `raw` is not a string. */
export function fail(code: EdgeErrorCode, subject: Subject, raw: unknown, reason: string): EdgeError {
  const message =
    typeof raw === 'string'
      ? `${subject.text} ${quote(raw)} ${reason}`
      : `${subject.text} must be a string, got ${typeof raw}`;
  return new EdgeError(code, message, subject.field === undefined ? {} : { field: subject.field });
}

/** `text` as a JSON string for messages, cut short so a hostile input cannot flood a log. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
