/** The longest DNS label (RFC 1035). */
export const MAX_LABEL_LENGTH = 63;

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * Why `label` is not a lowercase DNS label, as a phrase that completes
 * "the label …", or `undefined` when it is one: 1–63 characters from `a-z`,
 * `0-9` and `-`, neither starting nor ending with `-`.
 */
export function dnsLabelProblem(label: string): string | undefined {
  if (label === '') return 'is empty';
  if (label.length > MAX_LABEL_LENGTH) return `is longer than ${MAX_LABEL_LENGTH} characters`;
  if (LABEL.test(label)) return undefined;
  if (/^[a-z0-9-]+$/.test(label)) return 'starts or ends with a hyphen';
  return 'has a character outside a-z, 0-9 and "-"';
}

/**
 * Whether `text` is a lowercase DNS label. Service, component, route and
 * node names are labels, which keeps them safe in a path (`/srv/<name>`), a
 * container name and a DNS name.
 */
export function isDnsLabel(text: unknown): text is string {
  return typeof text === 'string' && dnsLabelProblem(text) === undefined;
}
