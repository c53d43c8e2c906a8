/** A deployed revision of a service, as far as retention and rollback care. */
export interface RevisionRef {
  /** Increasing per service: 1, 2, 3, ... */
  revision: number;
}

/** Revisions kept per service unless configured otherwise. */
export const REVISIONS_KEPT = 5;

/**
 * Which revisions to forget: all but the newest `keep`, oldest first.
 * @throws Error when `keep` is less than 1.
 */
export function revisionsToForget<T extends RevisionRef>(
  revisions: readonly T[],
  keep = REVISIONS_KEPT,
): T[] {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`must keep at least one revision, got ${keep}`);
  const newestFirst = [...revisions].sort((a, b) => b.revision - a.revision);
  return newestFirst.slice(keep).reverse();
}

/** The next revision number after `revisions` (1 for the first). */
export function nextRevision(revisions: readonly RevisionRef[]): number {
  return revisions.reduce((max, r) => Math.max(max, r.revision), 0) + 1;
}
