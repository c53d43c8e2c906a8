import { NodeStatus } from '@mcp/proto';
import { statusName } from './NodeWatcher.js';
import { openNode } from './openNode.js';
import type { RemoteAgent } from './RemoteAgent.js';
import type { NodeOutcome, ReplaceDeps, Stage } from './ReplaceDeps.js';
import type { StepRecorder } from './StepRecorder.js';
import type { UpgradeTarget } from './resolveTargets.js';
import { UpgradeError } from './UpgradeError.js';
import { stageNew } from './stageNew.js';
import { short, soak, waitForRegistration, type VerifyOptions } from './verifyAgent.js';

/**
 * Tells the master the agent is about to restart (ExpectRestart), so it
 * shows the node `restarting` rather than probing it and marking it
 * unhealthy. The window covers the restart command and the verification.
 */
async function announce(deps: ReplaceDeps, t: UpgradeTarget, reason: string): Promise<string> {
  if (!t.info) return `the master does not know ${t.name} yet: nothing to tell it`;
  const seconds = Math.min(3600, Math.ceil((deps.commandTimeoutMs + deps.verifyTimeoutMs) / 1000));
  const info = await deps.watcher.expectRestart(t.name, seconds, reason.slice(0, 200));
  return `the master expects ${t.name} back within ${seconds}s (listed ${info ? statusName(info.status) : '?'})`;
}

/** Restarts and verifies; `old` only for the rollback phase's names. */
async function restartAndVerify(
  deps: ReplaceDeps,
  t: UpgradeTarget,
  remote: RemoteAgent,
  version: string,
  rec: StepRecorder,
  old: boolean,
) {
  const suffix = old ? '-old' : '';
  const before = await deps.watcher.node(t.name).catch(() => undefined);
  const o: VerifyOptions = {
    watcher: deps.watcher,
    node: t.name,
    version,
    registeredBefore: before?.registeredAt,
    // Only another agent process counts as the restarted one.
    instanceBefore: before?.agentInstanceId,
    // A node degraded before (its proxy down, say) was not made so by the agent.
    degradedOk: before?.status === NodeStatus.NODE_STATUS_DEGRADED || (before?.problems.length ?? 0) > 0,
    timeoutMs: deps.verifyTimeoutMs,
    soakMs: deps.soakMs,
    ...(deps.clock ? { clock: deps.clock } : {}),
  };
  if (old) {
    // Putting the old agent back goes ahead even if the master cannot be told;
    // the failed step stays in the record.
    await rec
      .run('announce-old', () => announce(deps, t, `restoring ${version} after a failed agent replacement`))
      .catch(() => undefined);
  }
  await rec.run(
    `restart${suffix}`,
    () => remote.restart(t.restart),
    () => `ran: ${t.restart}`,
  );
  const back = await rec.run(
    `register${suffix}`,
    () => waitForRegistration(o),
    (r) =>
      `registered ${version} at ${r.registeredAt.toISOString()}${r.instanceId ? ` as a new agent process (${short(r.instanceId)})` : ''}, heartbeating, healthy`,
  );
  if (!old)
    await rec.run(
      'soak',
      () => soak(o, back),
      () => `healthy for ${deps.soakMs / 1000}s without restarting`,
    );
}

/**
 * Replaces the agent on one node by the verified path: stage `.new` (upload,
 * sha256 and `--version` on the node; or `.prev` for a rollback), tell the
 * master to expect a restart, keep the running binary as `.prev`, `mv -f`
 * into place, restart, wait for a new agent process to register and
 * heartbeat with the new version, soak. If the restarted agent
 * fails, `.prev` goes back, is restarted and must heartbeat again: the node
 * ends `restored`. Nothing is installed when staging fails (`failed`).
 */
export async function replaceAgent(
  deps: ReplaceDeps,
  t: UpgradeTarget,
  stage: Stage,
  rec: StepRecorder,
): Promise<{ outcome: NodeOutcome; version: string | undefined; error: string }> {
  let opened: Awaited<ReturnType<typeof openNode>>;
  try {
    opened = await openNode(deps, t, rec, stage.kind === 'previous');
  } catch (error) {
    return { outcome: 'failed', version: undefined, error: (error as Error).message };
  }
  const { session, remote, seen } = opened;
  try {
    let version: string;
    let running: string | undefined;
    try {
      version = await stageNew(remote, stage, rec);
      running = seen.hasBinary ? await remote.versionOf('').catch(() => t.info?.agentVersion) : undefined;
      // Before anything changes on the node: a master that cannot be told leaves it as it was.
      const what = stage.kind === 'previous' ? 'mcp agent rollback' : 'mcp agent upgrade';
      await rec.run('announce', () =>
        announce(deps, t, `${what}: ${running ?? '?'} -> ${version}`).catch(async (error: unknown) => {
          await remote.discardNew().catch(() => undefined);
          throw new UpgradeError(
            'NOT_ANNOUNCED',
            `the master was not told to expect ${t.name}'s restart, so nothing was installed: ${(error as Error).message}`,
            { cause: error },
          );
        }),
      );
      await rec.run(
        'install',
        () => remote.install(),
        () =>
          seen.hasBinary
            ? `kept ${running ?? 'the old binary'} as .prev; .new moved into place`
            : '.new moved into place',
      );
    } catch (error) {
      return { outcome: 'failed', version: undefined, error: (error as Error).message };
    }
    try {
      await restartAndVerify(deps, t, remote, version, rec, false);
      return { outcome: 'replaced', version, error: '' };
    } catch (error) {
      const why = (error as Error).message;
      if (!seen.hasBinary || running === undefined) {
        return {
          outcome: 'failed',
          version: undefined,
          error: `${why}; there was no binary before, nothing to roll back to`,
        };
      }
      rec.phase(['restore', 'announce-old', 'restart-old', 'register-old']);
      try {
        await rec.run(
          'restore',
          () => remote.restorePrevious(),
          () => `.prev (${running}) back in place; the failed binary kept as .failed`,
        );
        await restartAndVerify(deps, t, remote, running, rec, true);
        return { outcome: 'restored', version: running, error: why };
      } catch (rollbackError) {
        return {
          outcome: 'failed',
          version: undefined,
          error: `${why}; ROLLBACK FAILED: ${(rollbackError as Error).message}`,
        };
      }
    }
  } finally {
    session.close();
  }
}
