// mcp agent upgrade / rollback / status against a real fleet: orion runs the
// amd64 binary and hyperborea the arm64 one (under qemu), each restarted by
// a supervisor standing in for systemd, reached over a real sshd with its own
// host key. Every test starts with both on the first build (beforeEach).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NodeStatus } from '@mcp/proto';
import { waitFor } from '@mcp/testkit';
import {
  collectDeploy,
  fakeAgentBinaries,
  httpdSpec,
  httpsGet,
  mcp,
  sha256File,
  startUpgradeFleet,
  upgradeConfig,
  type UpgradeFleet,
} from './index.js';

const NEW_VERSION = '0.2.0-upgrade.1';
let u: UpgradeFleet;
let containerIds: string[];

const containersOnOrion = async () =>
  (
    JSON.parse((await u.orion.node.sandbox.podman(['ps', '--format', 'json'])).stdout || '[]') as {
      Id: string;
    }[]
  )
    .map((c) => c.Id)
    .sort();

const serving = () =>
  httpsGet({
    address: u.orion.node.caddy.host,
    port: u.orion.node.caddy.port,
    hostname: 'web.svc.mcp.fleet.test',
    caPem: u.fleet.caPem,
  });

/**
 * Watches orion as the master lists it, every 50 ms, until the returned
 * function is called: every status seen, in order, repeats dropped. Also
 * the master's log lines about orion from now on.
 */
async function watchOrion() {
  const logPath = join(u.fleet.dir, 'master.log');
  const logFrom = (await readFile(logPath, 'utf8')).length;
  const seen: string[] = [];
  let watching = true;
  const loop = (async () => {
    while (watching) {
      const info = await u.nodeInfo('orion').catch(() => undefined);
      const status = info ? NodeStatus[info.status].replace('NODE_STATUS_', '').toLowerCase() : 'no answer';
      if (seen.at(-1) !== status) seen.push(status);
      await sleep(50);
    }
  })();
  return async () => {
    watching = false;
    await loop;
    const log = (await readFile(logPath, 'utf8'))
      .slice(logFrom)
      .split('\n')
      .filter((line) => line.includes('"node":"orion"'));
    return { seen, log };
  };
}

/** What the master must have shown and done while orion's agent restarted as announced. */
function expectRestartExpected(watched: { seen: string[]; log: string[] }) {
  expect(watched.seen).toContain('restarting');
  // Never probing, unhealthy or unknown: the absence was expected.
  expect(watched.seen.every((st) => st === 'healthy' || st === 'restarting')).toBe(true);
  expect(watched.log.filter((line) => /probing node|"health":"unhealthy"/.test(line))).toEqual([]);
  expect(watched.log.some((line) => line.includes('restart announced'))).toBe(true);
  expect(watched.log.some((line) => line.includes('registered again'))).toBe(true);
}

/** `mcp agent ...` with the operator's SSH key and short verification times. */
const agent = (args: string[], o: { verifyTimeout?: number; configFile?: string } = {}) =>
  mcp(
    o.configFile ?? u.config,
    'agent',
    ...args,
    '--identity',
    u.identity,
    '--verify-timeout',
    String(o.verifyTimeout ?? 20),
    '--soak',
    '2',
  );

interface RunJson {
  dryRun: boolean;
  version: string;
  success: boolean;
  nodes: {
    node: string;
    canary: boolean;
    from: string;
    to: string;
    result: string;
    error: string;
    steps: { step: string; success: boolean; detail: string; error: string }[];
  }[];
}
const json = (stdout: string) => JSON.parse(stdout) as RunJson;

/** hyperborea as it is now, to show a run stopped before it: files, binary, starts, registration. */
async function hyperboreaState() {
  return {
    files: await u.hyperborea.files(),
    sha: await sha256File(u.hyperborea.binaryPath),
    starts: await u.hyperborea.supervisor.starts(),
    registeredAt: (await u.nodeInfo('hyperborea')).registeredAt?.getTime(),
  };
}

beforeAll(async () => {
  u = await startUpgradeFleet(NEW_VERSION);
  const { result } = await collectDeploy(
    await u.fleet.master$(),
    httpdSpec('web', u.fleet.images.v1, { node: 'orion' }),
  );
  expect(result.success).toBe(true);
  containerIds = await containersOnOrion();
  expect(containerIds).toHaveLength(1);
}, 600_000);
afterAll(async () => {
  await u?.stop();
}, 60_000);
// Each test starts from orion on v0 with no .new, .prev or .failed beside it.
beforeEach(() => u.resetOrion(), 60_000);

/** What must hold after every upgrade or rollback: the container untouched and serving. */
async function expectContainersUntouched() {
  expect(await containersOnOrion()).toEqual(containerIds);
  await waitFor(async () => (await serving()).status === 200, {
    timeoutMs: 10_000,
    description: 'web serving on orion',
  });
}

describe('mcp agent upgrade', () => {
  it('lists the binary nodes with their version, hyperborea as arm64', async () => {
    const { code, stdout } = await mcp(u.config, 'node', 'list', '--json');
    expect(code).toBe(0);
    const nodes = JSON.parse(stdout) as {
      name: string;
      arch: string;
      agentVersion: string;
      status: string;
    }[];
    expect(nodes.find((n) => n.name === 'orion')).toMatchObject({
      arch: 'amd64',
      agentVersion: u.v0.version,
      status: 'healthy',
    });
    expect(nodes.find((n) => n.name === 'hyperborea')).toMatchObject({
      arch: 'arm64',
      agentVersion: u.v0.version,
      status: 'healthy',
    });
  });

  it('plans every node in a safe order on --dry-run and changes nothing', async () => {
    const before = {
      orion: await u.orion.files(),
      sha: await sha256File(u.orion.binaryPath),
      hyperborea: await hyperboreaState(),
    };
    const { code, stdout } = await agent([
      'upgrade',
      '--dry-run',
      '--force',
      '--binaries',
      u.v0.dir,
      '--json',
    ]);
    const run = json(stdout);
    expect(run.nodes.map((n) => [n.node, n.canary, n.result])).toEqual([
      ['hyperborea', true, 'planned'],
      ['orion', false, 'planned'],
      ['rift', false, 'planned'],
    ]);
    expect(code).toBe(0);
    const plan = run.nodes[1]!.steps.find((st) => st.step === 'plan')!.detail;
    expect(plan).toContain(`keep ${u.orion.binaryPath} as ${u.orion.binaryPath}.prev, mv -f`);
    expect(plan).toContain(`run: ${u.orion.supervisor.restartCommand}`);
    expect(run.nodes[0]!.steps.find((st) => st.step === 'inspect')!.detail).toContain(
      'the config says arm64: emulated?',
    );
    expect(await u.orion.files()).toEqual(before.orion);
    expect(await sha256File(u.orion.binaryPath)).toBe(before.sha);
    expect(await hyperboreaState()).toEqual(before.hyperborea);
  });

  it('names the node and field when the config lacks one, before touching anything', async () => {
    const noKey = u.orion
      .toml()
      .split('\n')
      .filter((line) => !line.startsWith('host_key'))
      .join('\n');
    const configFile = await upgradeConfig(u.fleet, [noKey, u.hyperborea.toml()], 'mcp-no-key');
    const { code, stdout, stderr } = await agent(['upgrade', 'orion', '--binaries', u.v1.dir], {
      configFile,
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'mcp: node orion: host_key (its SSH host key, e.g. from ssh-keyscan) is required for mcp agent',
    );
  });

  it('refuses a wrong pinned host key before anything is sent; the pinned one gets in', async () => {
    const wrong = u.orion.toml({ host_key: JSON.stringify(u.hyperborea.sshd.hostPublicKey) });
    const configFile = await upgradeConfig(u.fleet, [wrong, u.hyperborea.toml()], 'mcp-wrong-key');
    const logBefore = await u.orion.sshd.process.readLog();
    const { code, stdout } = await agent(['upgrade', 'orion', '--binaries', u.v1.dir], { configFile });
    expect(code).toBe(1);
    expect(stdout).toContain(
      `presented host key ${u.orion.sshd.hostKeyFingerprint}, not the pinned ${u.hyperborea.sshd.hostKeyFingerprint}; refused before sending anything`,
    );
    // Not even authentication: sshd never saw the operator's key.
    expect((await u.orion.sshd.process.readLog()).slice(logBefore.length)).not.toContain(
      'Accepted publickey',
    );
    expect(await u.orion.files()).not.toContain('mcp-agent.new');
    expect(await sha256File(u.orion.binaryPath)).toBe(u.v0.binaries.amd64!.sha256);

    const allowed = await agent(['upgrade', 'orion', '--binaries', u.v1.dir, '--dry-run']);
    expect(allowed.stdout).toContain(
      `ok   connect      host key ${u.orion.sshd.hostKeyFingerprint} as pinned`,
    );
    expect(allowed.code).toBe(0);
  });

  it('upgrades orion to a new version: listed, healthy, containers untouched; status shows the skew', async () => {
    const untouched = await hyperboreaState();
    const instanceBefore = (await u.nodeInfo('orion')).agentInstanceId;
    expect(instanceBefore).toMatch(/^[0-9a-f-]{36}$/);
    const watching = await watchOrion();
    const { code, stdout } = await agent(['upgrade', 'orion', '--binaries', u.v1.dir, '--json']);
    expectRestartExpected(await watching());
    const [report] = json(stdout).nodes;
    expect(report).toMatchObject({
      node: 'orion',
      from: u.v0.version,
      to: NEW_VERSION,
      result: 'upgraded',
      error: '',
    });
    expect(report!.steps.map((st) => [st.step, st.success])).toEqual(
      [
        'binary',
        'connect',
        'inspect',
        'upload',
        'checksum',
        'self-test',
        'announce',
        'install',
        'restart',
        'register',
        'soak',
      ].map((st) => [st, true]),
    );
    expect(code).toBe(0);
    // A new agent process registered: the verification compared instance ids.
    const after = await u.nodeInfo('orion');
    expect(after.agentInstanceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(after.agentInstanceId).not.toBe(instanceBefore);
    expect(report!.steps.find((st) => st.step === 'register')!.detail).toContain(
      `as a new agent process (${after.agentInstanceId.slice(0, 8)})`,
    );

    const list = await mcp(u.config, 'node', 'list');
    expect(list.stdout).toMatch(
      new RegExp(`^orion\\s+worker\\s+\\S+\\s+amd64\\s+${NEW_VERSION.replace(/\./g, '\\.')}\\s+healthy`, 'm'),
    );
    expect(await sha256File(u.orion.binaryPath)).toBe(u.v1.binaries.amd64!.sha256);
    expect(await sha256File(`${u.orion.binaryPath}.prev`)).toBe(u.v0.binaries.amd64!.sha256);
    await expectContainersUntouched();
    expect(await hyperboreaState()).toEqual(untouched);

    const status = await mcp(u.config, 'agent', 'status', '--binaries', u.v1.dir);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      new RegExp(
        `^orion\\s+worker\\s+amd64\\s+${NEW_VERSION.replace(/\./g, '\\.')}\\s+${NEW_VERSION.replace(/\./g, '\\.')}\\s+healthy`,
        'm',
      ),
    );
    expect(status.stderr).toContain(
      `warning: hyperborea runs ${u.v0.version}, not ${NEW_VERSION}: mcp agent upgrade hyperborea`,
    );
    expect(status.stderr).not.toContain('warning: orion');
  });

  it('rolls orion back to .prev by the same verified path', async () => {
    const upgrade = await agent(['upgrade', 'orion', '--binaries', u.v1.dir]);
    // Piped (not a terminal), each step is one line as it completes.
    expect(upgrade.stdout).toContain(`orion (worker, amd64): ${u.v0.version} → ${NEW_VERSION}`);
    expect(upgrade.stdout).toMatch(/^ok {3}upload {7}\d+\.\d MiB to \S+\.new in [\d.]+s$/m);
    expect(upgrade.stdout).toMatch(/^ok {3}soak {9}healthy for 2s without restarting$/m);
    expect(upgrade.stdout.trim().split('\n').at(-1)).toBe('1 upgraded');
    expect(upgrade.code).toBe(0);
    const { code, stdout } = await agent(['rollback', 'orion', '--json']);
    const [report] = json(stdout).nodes;
    expect(report).toMatchObject({
      node: 'orion',
      from: NEW_VERSION,
      to: u.v0.version,
      result: 'rolled-back',
    });
    expect(code).toBe(0);
    expect((await u.nodeInfo('orion')).agentVersion).toBe(u.v0.version);
    // The binary rolled back from is now .prev: a second rollback would undo the first.
    expect(await sha256File(`${u.orion.binaryPath}.prev`)).toBe(u.v1.binaries.amd64!.sha256);
    await expectContainersUntouched();
  });

  it.each([
    ['a binary that exits at once', 'echo "broken on purpose" >&2; exit 1'],
    ['a binary that starts but never registers', 'exec sleep 3600'],
  ])('rolls back %s, reports it, exits 1 and touches no later node', async (what, body) => {
    const dir = join(u.dir, what.replace(/\W+/g, '-'));
    await mkdir(dir);
    const bad = await fakeAgentBinaries(dir, '0.2.0-bad.1', body);
    const untouched = await hyperboreaState();
    const { code, stdout } = await agent(
      ['upgrade', 'orion', 'hyperborea', '--binaries', bad.dir, '--json'],
      { verifyTimeout: 8 },
    );
    const run = json(stdout);
    expect(run.nodes.map((n) => [n.node, n.result])).toEqual([
      ['orion', 'rolled-back'],
      ['hyperborea', 'skipped'],
    ]);
    expect(run.success).toBe(false);
    expect(code).toBe(1);
    const orionRun = run.nodes[0]!;
    expect(orionRun.error).toContain(
      'orion did not register and heartbeat with version 0.2.0-bad.1 within 8s',
    );
    expect(orionRun.steps.slice(-4).map((st) => [st.step, st.success])).toEqual([
      ['restore', true],
      ['announce-old', true],
      ['restart-old', true],
      ['register-old', true],
    ]);
    expect(await u.nodeInfo('orion')).toMatchObject({
      agentVersion: u.v0.version,
      status: NodeStatus.NODE_STATUS_HEALTHY,
    });
    expect(await sha256File(u.orion.binaryPath)).toBe(u.v0.binaries.amd64!.sha256);
    expect(await sha256File(`${u.orion.binaryPath}.failed`)).toBe(bad.binaries.amd64!.sha256);
    await expectContainersUntouched();
    expect(await hyperboreaState()).toEqual(untouched);
  });

  it('counts an agent that is away longer than the missed-heartbeat threshold as restarting: not probed, gets nothing new', async () => {
    // The new agent starts 5 s after the old one stops: past the fleet's 2 s
    // threshold and 1 s probe timeout, so a master not told would probe it
    // and mark it unhealthy.
    const dir = join(u.dir, 'slow-start');
    await mkdir(dir);
    const slow = await fakeAgentBinaries(dir, NEW_VERSION, `sleep 5\nexec ${u.v1.binaries.amd64!.path} "$@"`);
    const watching = await watchOrion();
    const upgrade = agent(['upgrade', 'orion', '--binaries', slow.dir, '--json']);
    await waitFor(async () => (await u.nodeInfo('orion')).status === NodeStatus.NODE_STATUS_RESTARTING, {
      timeoutMs: 60_000,
      intervalMs: 50,
      description: 'orion restarting',
    });
    const listed = await mcp(u.config, 'node', 'list');
    expect(listed.stdout).toMatch(/^orion\s+worker\s+\S+\s+amd64\s+\S+\s+restarting/m);
    expect(listed.stdout).toMatch(
      /^orion: restarting on purpose .*expected back within \d+[sm]; not probed meanwhile$/m,
    );
    // Nothing new lands on a node whose agent is away, and the refusal says why.
    const refused = await collectDeploy(
      await u.fleet.master$(),
      httpdSpec('pinned', u.fleet.images.v1, { node: 'orion' }),
    ).then(
      ({ result }) => JSON.stringify(result),
      (error: unknown) => (error as Error).message,
    );
    expect(refused.replace(/\\"/g, '"')).toContain('pinned to "orion", which is restarting');
    const { code, stdout } = await upgrade;
    expectRestartExpected(await watching());
    expect(json(stdout).nodes[0]).toMatchObject({ node: 'orion', result: 'upgraded', error: '' });
    expect(code).toBe(0);
    expect(await u.nodeInfo('orion')).toMatchObject({
      agentVersion: NEW_VERSION,
      status: NodeStatus.NODE_STATUS_HEALTHY,
    });
    await expectContainersUntouched();
  });

  it("does not move a binary into place whose sha256 on the node is not the build's", async () => {
    const dir = join(u.dir, 'bad-sha');
    await mkdir(dir);
    const bad = await fakeAgentBinaries(dir, '0.2.0-sha.1', 'exec sleep 3600', 'f'.repeat(64));
    const registeredAt = (await u.nodeInfo('orion')).registeredAt;
    const { code, stdout } = await agent(['upgrade', 'orion', '--binaries', bad.dir, '--json']);
    const [report] = json(stdout).nodes;
    expect(report!.result).toBe('failed');
    expect(report!.error).toContain(`sha256 of ${u.orion.binaryPath}.new on orion`);
    expect(report!.error).toContain(`the build's is ${'f'.repeat(64)}; removed it, nothing installed`);
    expect(report!.steps.map((st) => st.step)).not.toContain('install');
    expect(code).toBe(1);
    expect(await u.orion.files()).not.toContain('mcp-agent.new');
    expect(await sha256File(u.orion.binaryPath)).toBe(u.v0.binaries.amd64!.sha256);
    // Never restarted: the same registration.
    expect((await u.nodeInfo('orion')).registeredAt).toEqual(registeredAt);
  });
});
