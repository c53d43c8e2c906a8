import type { NodeRecord } from './types.js';

/** One line per field a re-registration changed (address, role, arch, proxy port), for the master's log. */
export function describeChanges(previous: NodeRecord, next: NodeRecord): string[] {
  const changed = (['address', 'role', 'arch', 'proxyPort'] as const).filter(
    (field) => previous[field] !== undefined && previous[field] !== next[field],
  );
  return changed.map(
    (field) => `${field} of node "${next.name}" changed from ${previous[field]} to ${next[field]}`,
  );
}
