import { openNode } from './openNode.js';
import type { RemoteAgent } from './RemoteAgent.js';
import type { NodeOutcome, ReplaceDeps, Stage } from './ReplaceDeps.js';
import type { StepRecorder } from './StepRecorder.js';
import type { UpgradeTarget } from './resolveTargets.js';
import { stageNew } from './stageNew.js';
import { soak, waitForRegistration } from './verifyAgent.js';

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
  const registeredBefore = (await deps.watcher.node(t.name).catch(() => undefined))?.registeredAt;
  const o = {
    watcher: deps.watcher,
    node: t.name,
    version,
    registeredBefore,
    timeoutMs: deps.verifyTimeoutMs,
    soakMs: deps.soakMs,
    ...(deps.clock ? { clock: deps.clock } : {}),
  };
  await rec.run(
    `restart${suffix}`,
    () => remote.restart(t.restart),
    () => `ran: ${t.restart}`,
  );
  const at = await rec.run(
    `register${suffix}`,
    () => waitForRegistration(o),
    (d) => `registered ${version} at ${d.toISOString()}, heartbeating, healthy`,
  );
  if (!old)
    await rec.run(
      'soak',
      () => soak(o, at),
      () => `healthy for ${deps.soakMs / 1000}s without restarting`,
    );
}

/**
 * Replaces the agent on one node by the verified path: stage `.new` (upload,
 * sha256 and `--version` on the node; or `.prev` for a rollback), keep the
 * running binary as `.prev`, `mv -f` into place, restart, wait for it to
 * register and heartbeat with the new version, soak. If the restarted agent
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
      rec.phase(['restore', 'restart-old', 'register-old']);
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
