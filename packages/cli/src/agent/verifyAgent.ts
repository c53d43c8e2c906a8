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
  /**
   * The agent process that ran before the restart (`agent_instance_id`):
   * only another one counts as restarted. Empty or undefined (an older agent
   * or master): the registration time alone decides.
   */
  instanceBefore?: string | undefined;
  /** Whether `degraded` counts as up: the node was degraded before, so the agent did not cause it. Default false. */
  degradedOk?: boolean;
  /** How long the agent has to register and heartbeat. */
  timeoutMs: number;
  /** How long it must then stay healthy without registering again (`soak`). */
  soakMs: number;
  /** Default 250 ms. */
  pollMs?: number;
  clock?: Clock;
}

const iso = (d: Date | undefined) => (d ? d.toISOString().slice(11, 23) : 'never');

/** A registration that passed: when, and by which agent process (empty if the master does not say). */
export interface Registration {
  registeredAt: Date;
  instanceId: string;
}

/** Healthy, or degraded when that was the node's state before the restart. */
function isUp(info: NodeInfo, o: VerifyOptions): boolean {
  return (
    info.status === NodeStatus.NODE_STATUS_HEALTHY ||
    (o.degradedOk === true && info.status === NodeStatus.NODE_STATUS_DEGRADED)
  );
}

/** An instance id as people compare them: its first 8 characters. */
export const short = (id: string): string => id.slice(0, 8);

function describe(info: NodeInfo | undefined): string {
  if (!info) return 'the master does not know the node';
  return `the master last saw version ${info.agentVersion || '-'} registered at ${iso(info.registeredAt)}, ${statusName(info.status)}, last heard from at ${iso(info.lastHeartbeat)}`;
}

/**
 * Registered again (after `registeredBefore`) by another agent process than
 * `instanceBefore`, with the version, heard from since, and up.
 */
function isBack(info: NodeInfo | undefined, o: VerifyOptions): info is NodeInfo & { registeredAt: Date } {
  const at = info?.registeredAt;
  return (
    info !== undefined &&
    at !== undefined &&
    (o.registeredBefore === undefined || at.getTime() > o.registeredBefore.getTime()) &&
    (!o.instanceBefore || (info.agentInstanceId !== '' && info.agentInstanceId !== o.instanceBefore)) &&
    info.agentVersion === o.version &&
    (info.lastHeartbeat?.getTime() ?? 0) > at.getTime() &&
    isUp(info, o)
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
 * Waits until a new agent process (not `instanceBefore`) has registered with
 * `version` (after `registeredBefore`), sent a heartbeat after that, and is
 * healthy. Resolves with that registration.
 *
 * @throws UpgradeError NOT_REGISTERED, saying what the master saw last.
 */
export async function waitForRegistration(o: VerifyOptions): Promise<Registration> {
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
  return { registeredAt: info.registeredAt, instanceId: info.agentInstanceId };
}

/**
 * Watches the node for `soakMs` after its registration `back`: another
 * agent process (or, if the master names none, any new registration: the
 * agent restarted), another version or any status but up fails. A master
 * that does not answer for a moment is no verdict.
 *
 * @throws UpgradeError SOAK_FAILED, naming what changed and when.
 */
export async function soak(o: VerifyOptions, back: Registration): Promise<void> {
  const { registeredAt, instanceId } = back;
  const clock = o.clock ?? SYSTEM_CLOCK;
  const start = clock.now();
  while (clock.now() - start < o.soakMs) {
    await clock.sleep(Math.min(o.pollMs ?? 250, o.soakMs - (clock.now() - start)));
    const now = await poll(o);
    if (now === undefined) continue;
    const restarted = instanceId
      ? now.agentInstanceId !== instanceId
      : now.registeredAt?.getTime() !== registeredAt.getTime();
    const problem = restarted
      ? `registered again at ${iso(now.registeredAt)} (the agent restarted${instanceId ? `: process ${short(instanceId)} → ${short(now.agentInstanceId) || '?'}` : ''})`
      : now.agentVersion !== o.version
        ? `reports version ${now.agentVersion}`
        : !isUp(now, o)
          ? `turned ${statusName(now.status)}${now.problems.length ? ` (${now.problems.join('; ')})` : ''}`
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
