// The CLI through the master, against a real fleet: master and agents as
// processes, podman and Caddy on every node. Every test starts from an
// empty fleet with only hello.toml in the services directory.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  helloToml,
  httpsGet,
  mcp as run,
  mcpBinary,
  resetFleet,
  startFleet,
  type TestFleet,
} from './index.js';
import { createTestPki } from '@mcp/testkit';
import { startClientLoop, stopClientLoops } from './fixtures/clientLoop.js';

let fleet: TestFleet;
let config: string;
let services: string;
const mcp = (...argv: string[]) => run(config, ...argv);
const deployHello = async () => expect((await mcp('deploy', 'hello')).code).toBe(0);

beforeAll(async () => {
  fleet = await startFleet();
  await fleet.waitForNodes(['rift', 'orion', 'hyperborea']);
  config = await fleet.cliConfig();
  services = join(fleet.dir, 'cli', 'services');
}, 180_000);
beforeEach(async () => {
  await writeFile(join(services, 'hello.toml'), helloToml(fleet.images.v1));
});
afterEach(async () => {
  await stopClientLoops();
  for (const file of ['web2.toml', 'pinned.toml']) await rm(join(services, file), { force: true });
  await resetFleet(fleet);
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
});

describe('mcp through the master', () => {
  it('node list shows every node with its health', async () => {
    const r = await mcp('node', 'list');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME +ROLE +ADDRESS +ARCH +VERSION +STATUS +CONTAINERS +LAST HEARTBEAT$/);
    expect(lines.slice(1).map((l) => l.split(/ +/).slice(0, 2).join(' '))).toEqual([
      'hyperborea worker',
      'orion worker',
      'rift master',
    ]);
    expect(lines.slice(1).every((l) => / healthy /.test(l))).toBe(true);
    const json = JSON.parse((await mcp('node', 'list', '--json')).stdout) as {
      name: string;
      status: string;
    }[];
    expect(json.map((n) => n.status)).toEqual(['healthy', 'healthy', 'healthy']);
  });

  it('trusts the fleet CA alone: with another CA as ca_cert, it refuses the master', async () => {
    const cli = join(fleet.dir, 'cli');
    await writeFile(join(cli, 'other-ca.pem'), createTestPki().ca.cert);
    const other = join(cli, 'other-ca.toml');
    const text = await readFile(config, 'utf8');
    await writeFile(other, text.replace(/^ca_cert = .*$/m, `ca_cert = "${join(cli, 'other-ca.pem')}"`));
    const refused = await run(other, 'node', 'list');
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/^mcp: cannot reach master .*certificate/);
    expect((await mcp('node', 'list')).code).toBe(0);
  });

  it('deploy prints each step as it completes, then where it landed', async () => {
    const r = await mcpBinary(['--config', config, 'deploy', 'hello'], 120_000);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').map((l) => l.split(/ +/).slice(0, 2).join(' '))).toEqual([
      'ok placement',
      'ok deploy',
      'ok dns',
      'hello deployed',
      '',
    ]);
    expect(r.stdout).toContain('hello deployed on hyperborea (least-loaded)');
    expect(r.stderr).toContain('deploying hello through the master');
  });

  it('status and ps show the service where it runs', async () => {
    await deployHello();
    const status = await mcp('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^hello +hyperborea +running +1\/1 /m);
    const ps = await mcp('ps', '--json');
    expect(JSON.parse(ps.stdout)).toEqual([
      expect.objectContaining({ service: 'hello', node: 'hyperborea', state: 'running' }),
    ]);
  });

  it('sync --dry-run shows the plan and changes nothing; sync applies it', async () => {
    await deployHello();
    await writeFile(
      join(services, 'web2.toml'),
      helloToml(fleet.images.v1, 'web2').replace('name = "web"', 'name = "site"'),
    );
    const dry = await mcp('sync', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^hello +unchanged +hyperborea/m);
    expect(dry.stdout).toMatch(/^web2 +create +orion/m);
    expect(dry.stdout).toContain('dry run: 1 change(s) planned, nothing done');
    expect((await mcp('status', '--json')).stdout).not.toContain('web2');
    const applied = await mcp('sync');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('web2 (create): done');
    await rm(join(services, 'web2.toml'));
    const removed = await mcp('sync', '--json');
    expect(JSON.parse(removed.stdout)).toMatchObject({
      success: true,
      results: [{ service: 'web2', action: 'delete', success: true }],
    });
  });

  it('stop, start and undeploy go to the node that runs the service', async () => {
    await deployHello();
    expect((await mcp('stop', 'hello')).stdout).toContain('hello stopped on hyperborea');
    expect((await mcp('start', 'hello')).stdout).toContain('hello started on hyperborea');
    expect((await mcp('undeploy', 'hello')).stdout).toContain('hello undeployed on hyperborea');
    const again = await mcp('undeploy', 'hello');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not deployed/);
  });

  it('a deploy pinned to an unknown node exits 2, as bad input does, and says why nothing was placed', async () => {
    await writeFile(
      join(services, 'pinned.toml'),
      helloToml(fleet.images.v1, 'pinned').replace('name = "pinned"', 'name = "pinned"\nnode = "nowhere"'),
    );
    const r = await mcp('deploy', 'pinned');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^FAIL placement +pinned is pinned to unknown node "nowhere"$/m);
    expect(r.stdout).toContain(
      'pinned: not deployed, nothing was placed: pinned is pinned to unknown node "nowhere"\n',
    );
    expect(r.stdout).not.toContain('(none)');
    expect(JSON.parse((await mcp('deploy', 'pinned', '--json')).stdout)).toMatchObject({
      success: false,
      badRequest: true,
      node: '',
    });
  });
});

describe('status that tells the truth', () => {
  const web = () => ({ node: fleet.nodes.get('hyperborea')!, hostname: `web.svc.mcp.${fleet.zone}` });
  const get = () => {
    const { node, hostname } = web();
    return httpsGet({ address: node.caddy.host, port: node.caddy.port, hostname, caPem: fleet.caPem });
  };

  it("a stopped service's name answers 503 on its node's Caddy, and status says stopped", async () => {
    await deployHello();
    expect(await get()).toMatchObject({ status: 200, body: 'hello from v1.0.0\n' });
    expect((await mcp('stop', 'hello')).code).toBe(0);
    expect(await get()).toMatchObject({ status: 503, body: 'service hello is stopped\n' });
    const status = await mcp('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^hello +hyperborea +stopped +0\/1 .* ok$/m);
    expect((await mcp('start', 'hello')).code).toBe(0);
    expect(await get()).toMatchObject({ status: 200, body: 'hello from v1.0.0\n' });
  });

  it('with its node down, a service shows its desired state and an unknown observed one, in words', async () => {
    await deployHello();
    const node = fleet.nodes.get('hyperborea')!;
    await node.kill();
    try {
      const status = await mcp('status');
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(/^hello +hyperborea +running +unknown +unknown +unknown +UNKNOWN$/m);
      expect(status.stdout).toContain(
        '  hello: observed state unknown: the agent on hyperborea did not answer\n',
      );
      expect(status.stdout).toMatch(/^agent-unreachable +- +hyperborea +hyperborea did not answer: /m);
      expect(status.stdout).not.toMatch(/Resolution note|0\/0|DESIRED stopped/);
      const json = JSON.parse((await mcp('status', '--json')).stdout) as {
        services: { name: string; active: boolean; observedUnknown: boolean }[];
      };
      expect(json.services).toEqual([
        expect.objectContaining({ name: 'hello', active: true, observedUnknown: true }),
      ]);
      // mcp ps cannot list what it cannot see, and says so.
      const ps = await mcp('ps');
      expect([ps.code, ps.stderr]).toEqual([
        1,
        'mcp: hello: not listed; the agent on hyperborea did not answer (see mcp status)\n',
      ]);
    } finally {
      await node.start();
    }
    await fleet.waitForNodes(['hyperborea']);
  });
});

describe('history and rollback', () => {
  const get = () =>
    httpsGet({
      address: fleet.nodes.get('hyperborea')!.caddy.host,
      port: fleet.nodes.get('hyperborea')!.caddy.port,
      hostname: `web.svc.mcp.${fleet.zone}`,
      caPem: fleet.caPem,
    });
  const history = async () =>
    JSON.parse((await mcp('history', 'hello', '--json')).stdout) as {
      revision: number;
      deployedBy: string;
      note: string;
      current: boolean;
      spec: { components: { image: string }[] };
    }[];

  it('history lists each deployed revision; rollback brings the previous image back with no failed request', async () => {
    await deployHello();
    await writeFile(join(services, 'hello.toml'), helloToml(fleet.images.v2));
    await deployHello();
    // The same spec again is no new revision.
    await deployHello();
    const before = await history();
    expect(before.map((r) => [r.revision, r.current, r.spec.components[0]!.image])).toEqual([
      [2, true, fleet.images.v2],
      [1, false, fleet.images.v1],
    ]);
    expect(before[0]!.deployedBy).toBe('operator');
    const table = await mcp('history', 'hello');
    expect(table.stdout).toMatch(/^REVISION +DEPLOYED +BY +IMAGES +NOTE$/m);
    expect(table.stdout).toMatch(
      new RegExp(`^2 \\* +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC +operator +web=${fleet.images.v2}$`, 'm'),
    );

    const loop = startClientLoop(get, ['v1.0.0', 'v1.0.1']);
    const r = await mcp('rollback', 'hello', '--json');
    const traffic = await loop.stop();
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      service: 'hello',
      revision: 1,
      success: true,
      node: 'hyperborea',
    });
    expect(traffic.failures).toEqual([]);
    expect(traffic.ok).toBeGreaterThan(5);
    expect(await get()).toMatchObject({ status: 200, body: 'hello from v1.0.0\n' });
    const status = await mcp('status', 'hello');
    expect(status.stdout).toMatch(/^SERVICE +NODE +DESIRED +CONTAINERS +CERT EXPIRES +HEALTH +STATE$/m);
    expect(status.stdout).toMatch(/^hello +hyperborea +running +1\/1 .* healthy +ok$/m);
    expect(status.stdout).toMatch(/^ {2}web: healthy \(GET http:\/\/[\d.]+:\d+\/healthz: 200, \d+s ago\)$/m);
    const after = await history();
    expect(after.map((r) => [r.revision, r.note, r.spec.components[0]!.image])).toEqual([
      [3, 'rollback to revision 1', fleet.images.v1],
      [2, '', fleet.images.v2],
      [1, '', fleet.images.v1],
    ]);
  });

  it('rollback refuses when there is nothing to go back to, and --to names a revision kept', async () => {
    // A service of its own: the master keeps revisions across undeploys, and other tests deploy hello.
    const file = join(services, 'solo.toml');
    await writeFile(file, helloToml(fleet.images.v1, 'solo'));
    try {
      expect((await mcp('deploy', 'solo')).code).toBe(0);
      const none = await mcp('rollback', 'solo');
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('service solo has only revision 1; there is nothing to roll back to');
      const missing = await mcp('rollback', 'solo', '--to', '99');
      expect(missing.stderr).toContain('service solo has no revision 99 (kept: 1)');
    } finally {
      await rm(file, { force: true });
    }
  });
});
