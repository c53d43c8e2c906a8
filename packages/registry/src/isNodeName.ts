const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Whether `name` can name a node: a DNS label of 1–63 characters from
 * lowercase a–z, 0–9 and `-`, not starting or ending with `-`. Node names
 * become DNS names, so nothing else is allowed.
 */
export function isNodeName(name: unknown): name is string {
  return typeof name === 'string' && LABEL.test(name);
}
