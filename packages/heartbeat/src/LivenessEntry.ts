import type { Scheduled } from './DeadlineHeap.js';
import type { LivenessState, LivenessStatus, UnhealthyReason } from './types.js';

/** What `LivenessMonitor` keeps per node: mutable, so events allocate nothing. */
export interface LivenessEntry extends Scheduled {
  readonly node: string;
  status: LivenessStatus;
  since: number;
  lastSeenAt: number | undefined;
  /** Set while a probe is outstanding. */
  probeSentAt: number | undefined;
  /** When the last probe of an unhealthy node ended; the next recheck counts from here. */
  probeEndedAt: number;
  reason: UnhealthyReason | undefined;
  /** The health the daemon was last told (or assumed at `track`); undefined before either. */
  reported: boolean | undefined;
  /** Set while `restarting`: when the window ends. */
  restartUntil: number | undefined;
  restartReason: string | undefined;
  /** While `restarting`: the status before, restored (with a probe) if the window ends. */
  statusBefore: Exclude<LivenessStatus, 'restarting'>;
}

/** A new entry: `healthy` seen at `now`, or `unknown` with a probe sent at `now`. Not yet scheduled. */
export function newEntry(node: string, now: number, status: 'healthy' | 'unknown'): LivenessEntry {
  const unknown = status === 'unknown';
  return {
    node,
    status,
    since: now,
    lastSeenAt: unknown ? undefined : now,
    probeSentAt: unknown ? now : undefined,
    probeEndedAt: now,
    reason: undefined,
    reported: unknown ? undefined : true,
    restartUntil: undefined,
    restartReason: undefined,
    statusBefore: status,
    due: 0,
    heapIndex: -1,
  };
}

/** A read-only copy of the public part of an entry. */
export function viewEntry(entry: LivenessEntry): LivenessState {
  const { node, status, since, lastSeenAt, probeSentAt, restartUntil, restartReason } = entry;
  // An unhealthy node's reason is kept through a restart window, for when it ends.
  const reason = status === 'unhealthy' ? entry.reason : undefined;
  return { node, status, since, lastSeenAt, probeSentAt, reason, restartUntil, restartReason };
}
