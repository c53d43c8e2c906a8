import { isDnsLabel } from './dnsLabel.js';

/** The longest DNS name in presentation form, without a trailing dot (RFC 1035). */
export const MAX_NAME_LENGTH = 253;

/**
 * Whether `text` is a lowercase DNS name: labels (see `isDnsLabel`) joined by
 * dots, at most 253 characters, no trailing dot (`hello.svc.mcp.example.net`).
 */
export function isDnsName(text: unknown): text is string {
  return typeof text === 'string' && text.length <= MAX_NAME_LENGTH && text.split('.').every(isDnsLabel);
}
