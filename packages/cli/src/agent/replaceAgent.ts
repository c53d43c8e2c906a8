import type { SshSession } from '../ssh/connectSsh.js';
import type { AgentBinary } from './BinarySource.js';
import type { NodeWatcher } from './NodeWatcher.js';
import { RemoteAgent, type NodeInspection } from './RemoteAgent.js';
import type { StepRecorder } from './StepRecorder.js';
import type { UpgradeTarget } from './resolveTargets.js';
import { UpgradeError } from './UpgradeError.js';
import { soak, waitForRegistration, type Clock } from './verifyAgent.js';

/** What replacing a node's agent needs besides the node. */
export interface ReplaceDeps {
  connect(target: UpgradeTarget): Promise<SshSession>;
  watcher: NodeWatcher;
  /** Deadline of each command on the node. */
  commandTimeoutMs: number;
  /** How long a restarted agent has to register and heartbeat. */
  verifyTimeoutMs: number;
  /** How long it must then stay healthy. */
  soakMs: number;
  clock?: Clock;
}

/**
 * How one node ended: `replaced` (the new agent runs and passed), `restored`
 * (it failed and the previous one runs again), `failed` (nothing installed,
 * or the restore failed too: the error says which).
 */
export type NodeOutcome = 'replaced' | 'restored' | 'failed';

/** What gets a `.new` on the node, and which version it must report. */
export type Stage = { kind: 'upload'; binary: AgentBinary } | { kind: 'previous' };

const MACHINES: Record<string, string> = {
  x86_64: 'amd64',
  amd64: 'amd64',
  aarch64: 'arm64',
  arm64: 'arm64',
};
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Connects and checks the node: its architecture, a writable directory, a `.prev` when rolling back. */
export async function openNode(
  deps: ReplaceDeps,
  t: UpgradeTarget,
  rec: StepRecorder,
  needPrevious: boolean,
): Promise<{ session: SshSession; remote: RemoteAgent; seen: NodeInspection }> {
  const session = await rec.run(
    'connect',
    () => deps.connect(t),
    () => `host key ${t.hostKey.fingerprint} as pinned`,
  );
  try {
    const remote = new RemoteAgent(session, t.binaryPath, deps.commandTimeoutMs);
    const seen = await rec.run(
      'inspect',
      async () => {
        const found = await remote.inspect();
        if (!found.writable) {
          throw new UpgradeError(
            'REMOTE_COMMAND_FAILED',
            `${session.target}: ${t.ssh.user} cannot write next to ${t.binaryPath}; give it the directory (see the README)`,
          );
        }
        if (needPrevious && !found.hasPrevious) {
          throw new UpgradeError('NO_PREVIOUS', `${t.name} has no ${t.binaryPath}.prev to roll back to`);
        }
        return found;
      },
      // Not a refusal: a node may run another architecture's binary under
      // emulation. Whether the binary runs there is the self-test's verdict.
      (f) =>
        `${f.machine}${MACHINES[f.machine] === t.arch ? '' : ` (the config says ${t.arch}: emulated?)`}, ${t.binaryPath} ${f.hasBinary ? 'present' : 'absent'}, .prev ${f.hasPrevious ? 'present' : 'absent'}`,
    );
    return { session, remote, seen };
  } catch (error) {
    session.close();
    throw error;
  }
}

/** Puts a `.new` on the node that runs there and reports `version`; resolves to that version. */
async function stageNew(remote: RemoteAgent, stage: Stage, rec: StepRecorder): Promise<string> {
  if (stage.kind === 'previous') {
    const version = await rec.run(
      'self-test',
      () => remote.versionOf('.prev'),
      (v) => `.prev --version: ${v}`,
    );
    await rec.run(
      'stage',
      () => remote.stagePrevious(),
      () => `.prev linked as .new`,
    );
    return version;
  }
  const { binary } = stage;
  const started = Date.now();
  await rec.run(
    'upload',
    () => remote.upload(binary.path),
    () => `${mib(binary.size)} to ${remote.binaryPath}.new in ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
  await rec.run(
    'checksum',
    async () => {
      const sha = await remote.sha256OfNew();
      if (sha === binary.sha256) return sha;
      await remote.discardNew();
      throw new UpgradeError(
        'CHECKSUM_MISMATCH',
        `sha256 of ${remote.binaryPath}.new on ${remote.target} is ${sha}, the build's is ${binary.sha256}; removed it, nothing installed`,
      );
    },
    (sha) => `sha256 ${sha.slice(0, 16)}… matches the build`,
  );
  return rec.run(
    'self-test',
    async () => {
      const version = await remote.versionOf('.new').catch(async (error: unknown) => {
        await remote.discardNew();
        throw error;
      });
      if (version === binary.version) return version;
      await remote.discardNew();
      throw new UpgradeError(
        'BINARY_REFUSED',
        `${remote.binaryPath}.new reports ${version}, not ${binary.version}; removed it`,
      );
    },
    (v) => `.new --version on the node: ${v}`,
  );
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
