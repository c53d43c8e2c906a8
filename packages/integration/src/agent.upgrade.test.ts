// mcp agent upgrade / rollback / status against a real fleet: orion runs the
// amd64 binary and hyperborea the arm64 one (under qemu), each restarted by
// a supervisor standing in for systemd, reached over a real sshd with its own
// host key. Every test starts with both on the first build (beforeEach).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NodeStatus, type NodeInfo } from '@mcp/proto';
import { makeTempDir, startSshd, waitFor, type SshdInstance, type TempDir } from '@mcp/testkit';
import {
  buildAgentBinaries,
  collectDeploy,
  fakeAgentBinaries,
  httpdSpec,
  httpsGet,
  mcp,
  sha256File,
  startBinaryNode,
  startFleet,
  upgradeConfig,
  type AgentBinaries,
  type BinaryNode,
  type TestFleet,
} from './index.js';

const NEW_VERSION = '0.2.0-upgrade.1';
let temp: TempDir;
let fleet: TestFleet;
let v0: AgentBinaries;
let v1: AgentBinaries;
let orion: BinaryNode;
let hyperborea: BinaryNode;
let riftSshd: SshdInstance;
let config: string;
let identity: string;
let containerIds: string[];

const nodeInfo = async (name: string): Promise<NodeInfo> =>
  (await (await fleet.master$()).listNodes({})).nodes.find((n) => n.name === name)!;

/**
 * Waits until `name` runs `version`, healthy, from a registration after
 * `since` (a restart): the version alone cannot tell a restarted agent from
 * the one before when both are the same build.
 */
const waitForVersion = (name: string, version: string, since?: Date, timeoutMs = 60_000) =>
  waitFor(
    async () => {
      const n = await nodeInfo(name);
      const fresh = since === undefined || (n.registeredAt?.getTime() ?? 0) > since.getTime();
      return fresh && n.agentVersion === version && n.status === NodeStatus.NODE_STATUS_HEALTHY && n;
    },
    { timeoutMs, intervalMs: 200, description: `${name} on ${version}` },
  );

const containersOnOrion = async () =>
  (
    JSON.parse((await orion.node.sandbox.podman(['ps', '--format', 'json'])).stdout || '[]') as {
      Id: string;
    }[]
  )
    .map((c) => c.Id)
    .sort();

const serving = () =>
  httpsGet({
    address: orion.node.caddy.host,
    port: orion.node.caddy.port,
    hostname: 'web.svc.mcp.fleet.test',
    caPem: fleet.caPem,
  });

/** `mcp agent ...` with the test's SSH key and short verification times. */
const agent = (args: string[], o: { verifyTimeout?: number; configFile?: string } = {}) =>
  mcp(
    o.configFile ?? config,
    'agent',
    ...args,
    '--identity',
    identity,
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

/** hyperborea as it is now, to show a run stopped before it: files, starts, registration. */
async function hyperboreaState() {
  return {
    files: await hyperborea.files(),
    sha: await sha256File(hyperborea.binaryPath),
    starts: await hyperborea.supervisor.starts(),
    registeredAt: (await nodeInfo('hyperborea')).registeredAt?.getTime(),
  };
}

beforeAll(async () => {
  temp = await makeTempDir('mcp-upgrade-');
  v0 = await buildAgentBinaries();
  v1 = await buildAgentBinaries({ arch: 'x64', version: NEW_VERSION, out: join(temp.path, 'v1') });
  identity = join(temp.path, 'operator_key');
  await promisify(execFile)('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    'operator',
    '-f',
    identity,
  ]);
  const operatorKey = (await readFile(`${identity}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
  fleet = await startFleet({
    nodes: [
      { name: 'rift', role: 'master' },
      { name: 'orion', role: 'worker' },
      { name: 'hyperborea', role: 'worker' },
    ],
    // hyperborea's agent runs emulated: give its heartbeats some slack.
    heartbeat: { interval: '250ms', threshold: '2s', probeTimeout: '1s', warmup: '1s' },
  });
  const takeover = new Date();
  orion = await startBinaryNode(fleet, 'orion', v0.binaries.amd64!.path, { authorizedKeys: [operatorKey] });
  hyperborea = await startBinaryNode(fleet, 'hyperborea', v0.binaries.arm64!.path, {
    arch: 'arm64',
    authorizedKeys: [operatorKey],
  });
  // rift keeps the agent the fleet started (node dist/main.js); an sshd for dry runs.
  const rift = fleet.nodes.get('rift')!;
  riftSshd = await startSshd({ host: rift.ip, authorizedKeys: [operatorKey] });
  await mkdir(join(temp.path, 'rift-srv'));
  const riftToml = [
    `name = "rift"`,
    `address = "${rift.address}"`,
    `ssh = "root@${rift.ip}:${riftSshd.port}"`,
    `host_key = "${riftSshd.hostPublicKey}"`,
    `restart = "true"`,
    `binary_path = "${join(temp.path, 'rift-srv', 'mcp-agent')}"`,
  ].join('\n');
  config = await upgradeConfig(fleet, [riftToml, orion.toml(), hyperborea.toml()]);
  await waitForVersion('orion', v0.version, takeover);
  // Emulated, hyperborea's agent takes seconds to start: it registers as arm64 when it has.
  await waitForVersion('hyperborea', v0.version, takeover, 120_000);
  const { result } = await collectDeploy(
    await fleet.master$(),
    httpdSpec('web', fleet.images.v1, { node: 'orion' }),
  );
  expect(result.success).toBe(true);
  containerIds = await containersOnOrion();
  expect(containerIds).toHaveLength(1);
}, 600_000);

afterAll(async () => {
  await orion?.stop();
  await hyperborea?.stop();
  await riftSshd?.stop();
  await fleet?.stop();
  await temp?.remove();
}, 60_000);

// Each test starts from orion on v0 with no .new, .prev or .failed beside it.
beforeEach(async () => {
  const clean = (await orion.files()).every((f) => f === 'mcp-agent' || f === 'mcp-agent.restart.log');
  if ((await nodeInfo('orion')).agentVersion === v0.version && clean) return;
  for (const f of ['.new', '.prev', '.failed']) await rm(`${orion.binaryPath}${f}`, { force: true });
  await copyFile(v0.binaries.amd64!.path, `${orion.binaryPath}.reset`);
  await rename(`${orion.binaryPath}.reset`, orion.binaryPath);
  const before = (await nodeInfo('orion')).registeredAt;
  await promisify(execFile)('sh', ['-c', orion.supervisor.restartCommand]);
  await waitForVersion('orion', v0.version, before);
}, 60_000);

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
    const { code, stdout } = await mcp(config, 'node', 'list', '--json');
    expect(code).toBe(0);
    const nodes = JSON.parse(stdout) as {
      name: string;
      arch: string;
      agentVersion: string;
      status: string;
    }[];
    expect(nodes.find((n) => n.name === 'orion')).toMatchObject({
      arch: 'amd64',
      agentVersion: v0.version,
      status: 'healthy',
    });
    expect(nodes.find((n) => n.name === 'hyperborea')).toMatchObject({
      arch: 'arm64',
      agentVersion: v0.version,
      status: 'healthy',
    });
  });

  it('plans every node in a safe order on --dry-run and changes nothing', async () => {
    const before = {
      orion: await orion.files(),
      sha: await sha256File(orion.binaryPath),
      hyperborea: await hyperboreaState(),
    };
    const { code, stdout } = await agent(['upgrade', '--dry-run', '--force', '--binaries', v0.dir, '--json']);
    const run = json(stdout);
    expect(run.nodes.map((n) => [n.node, n.canary, n.result])).toEqual([
      ['hyperborea', true, 'planned'],
      ['orion', false, 'planned'],
      ['rift', false, 'planned'],
    ]);
    expect(code).toBe(0);
    const plan = run.nodes[1]!.steps.find((st) => st.step === 'plan')!.detail;
    expect(plan).toContain(`keep ${orion.binaryPath} as ${orion.binaryPath}.prev, mv -f`);
    expect(plan).toContain(`run: ${orion.supervisor.restartCommand}`);
    expect(run.nodes[0]!.steps.find((st) => st.step === 'inspect')!.detail).toContain(
      'the config says arm64: emulated?',
    );
    expect(await orion.files()).toEqual(before.orion);
    expect(await sha256File(orion.binaryPath)).toBe(before.sha);
    expect(await hyperboreaState()).toEqual(before.hyperborea);
  });

  it('names the node and field when the config lacks one, before touching anything', async () => {
    const noKey = orion
      .toml()
      .split('\n')
      .filter((line) => !line.startsWith('host_key'))
      .join('\n');
    const configFile = await upgradeConfig(fleet, [noKey, hyperborea.toml()], 'mcp-no-key');
    const { code, stdout, stderr } = await agent(['upgrade', 'orion', '--binaries', v1.dir], { configFile });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'mcp: node orion: host_key (its SSH host key, e.g. from ssh-keyscan) is required for mcp agent',
    );
  });

  it('refuses a wrong pinned host key before anything is sent; the pinned one gets in', async () => {
    const wrong = orion.toml({ host_key: JSON.stringify(hyperborea.sshd.hostPublicKey) });
    const configFile = await upgradeConfig(fleet, [wrong, hyperborea.toml()], 'mcp-wrong-key');
    const logBefore = await orion.sshd.process.readLog();
    const { code, stdout } = await agent(['upgrade', 'orion', '--binaries', v1.dir], { configFile });
    expect(code).toBe(1);
    expect(stdout).toContain(
      `presented host key ${orion.sshd.hostKeyFingerprint}, not the pinned ${hyperborea.sshd.hostKeyFingerprint}; refused before sending anything`,
    );
    // Not even authentication: sshd never saw the operator's key.
    expect((await orion.sshd.process.readLog()).slice(logBefore.length)).not.toContain('Accepted publickey');
    expect(await orion.files()).not.toContain('mcp-agent.new');
    expect(await sha256File(orion.binaryPath)).toBe(v0.binaries.amd64!.sha256);

    const allowed = await agent(['upgrade', 'orion', '--binaries', v1.dir, '--dry-run']);
    expect(allowed.stdout).toContain(`ok   connect      host key ${orion.sshd.hostKeyFingerprint} as pinned`);
    expect(allowed.code).toBe(0);
  });

  it('upgrades orion to a new version: listed, healthy, containers untouched; status shows the skew', async () => {
    const untouched = await hyperboreaState();
    const { code, stdout } = await agent(['upgrade', 'orion', '--binaries', v1.dir, '--json']);
    const [report] = json(stdout).nodes;
    expect(report).toMatchObject({
      node: 'orion',
      from: v0.version,
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
        'install',
        'restart',
        'register',
        'soak',
      ].map((st) => [st, true]),
    );
    expect(code).toBe(0);

    const list = await mcp(config, 'node', 'list');
    expect(list.stdout).toMatch(
      new RegExp(`^orion\\s+worker\\s+\\S+\\s+amd64\\s+${NEW_VERSION.replace(/\./g, '\\.')}\\s+healthy`, 'm'),
    );
    expect(await sha256File(orion.binaryPath)).toBe(v1.binaries.amd64!.sha256);
    expect(await sha256File(`${orion.binaryPath}.prev`)).toBe(v0.binaries.amd64!.sha256);
    await expectContainersUntouched();
    expect(await hyperboreaState()).toEqual(untouched);

    const status = await mcp(config, 'agent', 'status', '--binaries', v1.dir);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(
      new RegExp(
        `^orion\\s+worker\\s+amd64\\s+${NEW_VERSION.replace(/\./g, '\\.')}\\s+${NEW_VERSION.replace(/\./g, '\\.')}\\s+healthy`,
        'm',
      ),
    );
    expect(status.stderr).toContain(
      `warning: hyperborea runs ${v0.version}, not ${NEW_VERSION}: mcp agent upgrade hyperborea`,
    );
    expect(status.stderr).not.toContain('warning: orion');
  });

  it('rolls orion back to .prev by the same verified path', async () => {
    const upgrade = await agent(['upgrade', 'orion', '--binaries', v1.dir]);
    // Piped (not a terminal), each step is one line as it completes.
    expect(upgrade.stdout).toContain(`orion (worker, amd64): ${v0.version} → ${NEW_VERSION}`);
    expect(upgrade.stdout).toMatch(/^ok {3}upload {7}\d+\.\d MiB to \S+\.new in [\d.]+s$/m);
    expect(upgrade.stdout).toMatch(/^ok {3}soak {9}healthy for 2s without restarting$/m);
    expect(upgrade.stdout.trim().split('\n').at(-1)).toBe('1 upgraded');
    expect(upgrade.code).toBe(0);
    const { code, stdout } = await agent(['rollback', 'orion', '--json']);
    const [report] = json(stdout).nodes;
    expect(report).toMatchObject({ node: 'orion', from: NEW_VERSION, to: v0.version, result: 'rolled-back' });
    expect(code).toBe(0);
    expect((await nodeInfo('orion')).agentVersion).toBe(v0.version);
    // The binary rolled back from is now .prev: a second rollback would undo the first.
    expect(await sha256File(`${orion.binaryPath}.prev`)).toBe(v1.binaries.amd64!.sha256);
    await expectContainersUntouched();
  });

  it.each([
    ['a binary that exits at once', 'echo "broken on purpose" >&2; exit 1'],
    ['a binary that starts but never registers', 'exec sleep 3600'],
  ])('rolls back %s, reports it, exits 1 and touches no later node', async (what, body) => {
    const dir = join(temp.path, what.replace(/\W+/g, '-'));
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
    expect(orionRun.steps.slice(-3).map((st) => [st.step, st.success])).toEqual([
      ['restore', true],
      ['restart-old', true],
      ['register-old', true],
    ]);
    expect(await waitForVersion('orion', v0.version)).toMatchObject({
      status: NodeStatus.NODE_STATUS_HEALTHY,
    });
    expect(await sha256File(orion.binaryPath)).toBe(v0.binaries.amd64!.sha256);
    expect(await sha256File(`${orion.binaryPath}.failed`)).toBe(bad.binaries.amd64!.sha256);
    await expectContainersUntouched();
    expect(await hyperboreaState()).toEqual(untouched);
  });

  it("does not move a binary into place whose sha256 on the node is not the build's", async () => {
    const dir = join(temp.path, 'bad-sha');
    await mkdir(dir);
    const bad = await fakeAgentBinaries(dir, '0.2.0-sha.1', 'exec sleep 3600', 'f'.repeat(64));
    const registeredAt = (await nodeInfo('orion')).registeredAt;
    const { code, stdout } = await agent(['upgrade', 'orion', '--binaries', bad.dir, '--json']);
    const [report] = json(stdout).nodes;
    expect(report!.result).toBe('failed');
    expect(report!.error).toContain(`sha256 of ${orion.binaryPath}.new on orion`);
    expect(report!.error).toContain(`the build's is ${'f'.repeat(64)}; removed it, nothing installed`);
    expect(report!.steps.map((st) => st.step)).not.toContain('install');
    expect(code).toBe(1);
    expect(await orion.files()).not.toContain('mcp-agent.new');
    expect(await sha256File(orion.binaryPath)).toBe(v0.binaries.amd64!.sha256);
    // Never restarted: the same registration.
    expect((await nodeInfo('orion')).registeredAt).toEqual(registeredAt);
  });
});
