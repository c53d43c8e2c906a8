import type { RevisionRef } from './keepRevisions.js';

/** Which revision a rollback deploys, or why there is none. */
export type RollbackChoice<T> = { revision: T } | { refused: string };

/**
 * The revision `mcp rollback` deploys: `to` when given (it must be kept and
 * not the current one), otherwise the newest one before the current. The
 * current revision is the newest.
 */
export function rollbackTarget<T extends RevisionRef>(
  service: string,
  revisions: readonly T[],
  to?: number,
): RollbackChoice<T> {
  const newestFirst = [...revisions].sort((a, b) => b.revision - a.revision);
  const [current, previous] = newestFirst;
  if (!current) return { refused: `service ${service} has no recorded revisions; deploy it first` };
  if (to === undefined) {
    return previous
      ? { revision: previous }
      : {
          refused: `service ${service} has only revision ${current.revision}; there is nothing to roll back to`,
        };
  }
  if (to === current.revision) {
    return { refused: `revision ${to} is what service ${service} runs now` };
  }
  const named = newestFirst.find((r) => r.revision === to);
  if (named) return { revision: named };
  const kept = newestFirst.map((r) => r.revision).join(', ');
  return { refused: `service ${service} has no revision ${to} (kept: ${kept})` };
}
