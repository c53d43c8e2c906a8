import type { SshSession } from '../ssh/connectSsh.js';
import { RemoteAgent, type NodeInspection } from './RemoteAgent.js';
import type { ReplaceDeps } from './ReplaceDeps.js';
import type { StepRecorder } from './StepRecorder.js';
import type { UpgradeTarget } from './resolveTargets.js';
import { UpgradeError } from './UpgradeError.js';

const MACHINES: Record<string, string> = {
  x86_64: 'amd64',
  amd64: 'amd64',
  aarch64: 'arm64',
  arm64: 'arm64',
};
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
