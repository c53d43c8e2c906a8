import { NodeStatus, type NodeInfo } from '@mcp/proto';
import { statusName, type NodeWatcher } from './NodeWatcher.js';
import { UpgradeError } from './UpgradeError.js';

/** Time as verification uses it; tests pass a fake one. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What to wait for after a restart. */
export interface VerifyOptions {
  watcher: NodeWatcher;
  node: string;
  /** The version the restarted agent must report. */
  version: string;
  /** When the node had registered before the restart: only a later registration counts. */
  registeredBefore: Date | undefined;
  /** How long the agent has to register and heartbeat. */
  timeoutMs: number;
  /** How long it must then stay healthy without registering again (`soak`). */
  soakMs: number;
  /** Default 250 ms. */
  pollMs?: number;
  clock?: Clock;
}

const iso = (d: Date | undefined) => (d ? d.toISOString().slice(11, 23) : 'never');

function describe(info: NodeInfo | undefined): string {
  if (!info) return 'the master does not know the node';
  return `the master last saw version ${info.agentVersion || '-'} registered at ${iso(info.registeredAt)}, ${statusName(info.status)}, last heard from at ${iso(info.lastHeartbeat)}`;
}

/** Registered again (after `registeredBefore`), with the version, heard from since, and healthy. */
function isBack(info: NodeInfo | undefined, o: VerifyOptions): info is NodeInfo & { registeredAt: Date } {
  const at = info?.registeredAt;
  return (
    info !== undefined &&
    at !== undefined &&
    (o.registeredBefore === undefined || at.getTime() > o.registeredBefore.getTime()) &&
    info.agentVersion === o.version &&
    (info.lastHeartbeat?.getTime() ?? 0) > at.getTime() &&
    info.status === NodeStatus.NODE_STATUS_HEALTHY
  );
}

async function poll(o: VerifyOptions): Promise<NodeInfo | undefined> {
  try {
    return await o.watcher.node(o.node);
  } catch {
    // The master briefly unreachable is no verdict on the node; keep watching until the deadline.
    return undefined;
  }
}

/**
 * Waits until the node has registered again with `version` (after
 * `registeredBefore`), sent a heartbeat after that, and is healthy.
 * Resolves with that registration's time.
 *
 * @throws UpgradeError NOT_REGISTERED, saying what the master saw last.
 */
export async function waitForRegistration(o: VerifyOptions): Promise<Date> {
  const clock = o.clock ?? SYSTEM_CLOCK;
  const deadline = clock.now() + o.timeoutMs;
  let info = await poll(o);
  while (!isBack(info, o)) {
    if (clock.now() >= deadline) {
      throw new UpgradeError(
        'NOT_REGISTERED',
        `${o.node} did not register and heartbeat with version ${o.version} within ${o.timeoutMs / 1000}s: ${describe(info)}`,
      );
    }
    await clock.sleep(o.pollMs ?? 250);
    info = await poll(o);
  }
  return info.registeredAt;
}

/**
 * Watches the node for `soakMs` after it registered at `registeredAt`:
 * registering again (the agent restarted), another version or any status
 * but healthy fails. A master that does not answer for a moment is no
 * verdict.
 *
 * @throws UpgradeError SOAK_FAILED, naming what changed and when.
 */
export async function soak(o: VerifyOptions, registeredAt: Date): Promise<void> {
  const clock = o.clock ?? SYSTEM_CLOCK;
  const start = clock.now();
  while (clock.now() - start < o.soakMs) {
    await clock.sleep(Math.min(o.pollMs ?? 250, o.soakMs - (clock.now() - start)));
    const now = await poll(o);
    if (now === undefined) continue;
    const problem =
      now.registeredAt?.getTime() !== registeredAt.getTime()
        ? `registered again at ${iso(now.registeredAt)} (the agent restarted)`
        : now.agentVersion !== o.version
          ? `reports version ${now.agentVersion}`
          : now.status !== NodeStatus.NODE_STATUS_HEALTHY
            ? `turned ${statusName(now.status)}`
            : undefined;
    if (problem) {
      const after = ((clock.now() - start) / 1000).toFixed(1);
      throw new UpgradeError(
        'SOAK_FAILED',
        `${o.node} ${problem} ${after}s into the ${o.soakMs / 1000}s soak`,
      );
    }
  }
}
