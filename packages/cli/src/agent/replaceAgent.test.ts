// replaceAgent's order of steps against a node that is a temp directory
// (an SshSession running commands with sh) and a scripted master.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { NodeStatus, type NodeInfo } from '@mcp/proto';
import type { SshSession } from '../ssh/connectSsh.js';
import type { NodeWatcher } from './NodeWatcher.js';
import type { ReplaceDeps } from './ReplaceDeps.js';
import { replaceAgent } from './replaceAgent.js';
import type { UpgradeTarget } from './resolveTargets.js';
import { StepRecorder } from './StepRecorder.js';
import type { Clock } from './verifyAgent.js';

let dir: string;
const binary = () => join(dir, 'mcp-agent');
const restarted = () => join(dir, 'restarted');
const agentScript = (version: string) => `#!/bin/sh\necho ${version}\n`;
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-replace-'));
  await writeFile(binary(), agentScript('0.2.0'), { mode: 0o755 });
  await writeFile(`${binary()}.prev`, agentScript('0.1.0'), { mode: 0o755 });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The node: commands run here, by sh. */
const session: SshSession = {
  target: 'orion (test@localhost:22)',
  exec: (command) =>
    new Promise((resolve) =>
      execFile('sh', ['-c', command], (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number | undefined) ?? 1) : 0, stdout, stderr }),
      ),
    ),
  put: (local, remote) => copyFile(local, remote),
  close: () => undefined,
};

/** Before the restart: p1 registered at 1000. After it (the restart command touched a file): p2 at 5000. */
function master(refuse?: Error) {
  const announced: { withinSeconds: number; reason: string; runningThen: string }[] = [];
  const info = async (): Promise<NodeInfo> => {
    const back = await exists(restarted());
    return {
      name: 'orion',
      agentVersion: back ? '0.1.0' : '0.2.0',
      agentInstanceId: back ? 'p2' : 'p1',
      registeredAt: new Date(back ? 5000 : 1000),
      lastHeartbeat: new Date(back ? 5100 : 1100),
      status: NodeStatus.NODE_STATUS_HEALTHY,
      problems: [],
    } as unknown as NodeInfo;
  };
  const watcher: NodeWatcher = {
    list: async () => [await info()],
    node: info,
    expectRestart: async (_, withinSeconds, reason) => {
      if (refuse) throw refuse;
      announced.push({ withinSeconds, reason, runningThen: await readFile(binary(), 'utf8') });
      return { ...(await info()), status: NodeStatus.NODE_STATUS_RESTARTING };
    },
    close: () => undefined,
  };
  return { watcher, announced };
}

const clock: Clock = { now: () => 0, sleep: () => Promise.resolve() };

async function rollBack(watcher: NodeWatcher) {
  const deps: ReplaceDeps = {
    connect: () => Promise.resolve(session),
    watcher,
    commandTimeoutMs: 10_000,
    verifyTimeoutMs: 20_000,
    soakMs: 0,
    clock,
  };
  const target = {
    name: 'orion',
    role: 'worker',
    arch: 'amd64',
    ssh: { user: 'test', host: 'localhost', port: 22 },
    hostKey: { kind: 'fingerprint', fingerprint: 'SHA256:test' },
    restart: `touch ${restarted()}`,
    binaryPath: binary(),
    info: await watcher.node('orion'),
  } as UpgradeTarget;
  const rec = new StepRecorder(undefined);
  const result = await replaceAgent(deps, target, { kind: 'previous' }, rec);
  return { result, steps: rec.steps.map((st) => `${st.success ? 'ok' : 'FAILED'} ${st.step}`) };
}

describe('replaceAgent', () => {
  it('tells the master to expect the restart before anything on the node changes', async () => {
    const { watcher, announced } = master();
    const { result, steps } = await rollBack(watcher);
    expect(result).toEqual({ outcome: 'replaced', version: '0.1.0', error: '' });
    expect(steps).toEqual(
      ['connect', 'inspect', 'self-test', 'stage', 'announce', 'install', 'restart', 'register', 'soak'].map(
        (st) => `ok ${st}`,
      ),
    );
    // Announced once, while 0.2.0 was still in place, for the command's and the verification's time.
    expect(announced).toEqual([
      { withinSeconds: 30, reason: 'mcp agent rollback: 0.2.0 -> 0.1.0', runningThen: agentScript('0.2.0') },
    ]);
    expect(await readFile(binary(), 'utf8')).toBe(agentScript('0.1.0'));
  });

  it('installs nothing and restarts nothing when the master refuses the announcement', async () => {
    const { watcher } = master(new Error('PERMISSION_DENIED: agent-orion may not call ExpectRestart'));
    const { result, steps } = await rollBack(watcher);
    expect(result).toEqual({
      outcome: 'failed',
      version: undefined,
      error:
        "the master was not told to expect orion's restart, so nothing was installed: PERMISSION_DENIED: agent-orion may not call ExpectRestart",
    });
    expect(await exists(`${binary()}.new`)).toBe(false);
    expect(steps.slice(-2)).toEqual(['ok stage', 'FAILED announce']);
    expect(await readFile(binary(), 'utf8')).toBe(agentScript('0.2.0'));
    expect(await exists(restarted())).toBe(false);
  });
});
