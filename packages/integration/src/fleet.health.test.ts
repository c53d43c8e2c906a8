// Liveness and restarts: a killed agent, a restarted master.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { FindingKind, NodeStatus } from '@mcp/proto';
import { waitFor } from '@mcp/testkit';
import { collectDeploy, httpdSpec, mcp, resetFleet, startFleet, type TestFleet } from './index.js';

let fleet: TestFleet;
// Heartbeats every 100 ms; silent for 400 ms → probe; 200 ms to answer.
const THRESHOLD_MS = 400;
const PROBE_TIMEOUT_MS = 200;

beforeAll(async () => {
  fleet = await startFleet({
    heartbeat: {
      interval: '100ms',
      threshold: `${THRESHOLD_MS}ms`,
      probeTimeout: `${PROBE_TIMEOUT_MS}ms`,
      warmup: '1s',
    },
    rateLimits: { register: '20/1s', heartbeat: '50/1s' },
  });
  await fleet.waitForNodes(['rift', 'orion', 'hyperborea']);
}, 120_000);
afterEach(async () => {
  await resetFleet(fleet);
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
});

const strayWithoutRoute = () => {
  const spec = httpdSpec('stray', fleet.images.v1);
  spec.components[0]!.routes = [];
  // A health path is a GET to the first route port: none without routes.
  spec.components[0]!.health = undefined;
  return spec;
};

const statusOf = async (node: string) =>
  (await (await fleet.master$()).listNodes({})).nodes.find((n) => n.name === node)!.status;

describe('a killed agent', () => {
  it('is marked unhealthy once silent for the threshold and its probe fails, gets nothing new, and is healthy once back', async () => {
    const node = fleet.nodes.get('hyperborea')!;
    const before = (await (await fleet.master$()).listNodes({})).nodes.find((n) => n.name === 'hyperborea')!;
    await node.kill();
    try {
      await waitFor(async () => (await statusOf('hyperborea')) === NodeStatus.NODE_STATUS_UNHEALTHY, {
        timeoutMs: 10_000,
        intervalMs: 20,
      });
      const log = await readFile(join(fleet.dir, 'master.log'), 'utf8');
      expect(log).toMatch(/"node":"hyperborea","health":"unhealthy"/);
      // The master's own clock: never marked unhealthy before the threshold had passed.
      const marked = JSON.parse(
        log
          .split('\n')
          .filter((l) => l.includes('"health":"unhealthy"'))
          .at(-1)!,
      ) as {
        time: number;
      };
      expect(marked.time - before.lastHeartbeat!.getTime()).toBeGreaterThanOrEqual(THRESHOLD_MS);

      // hyperborea sorts first and is empty, yet nothing lands on it now.
      const master = await fleet.master$();
      // Status still answers, naming the agent that did not.
      const { findings } = await master.status({});
      expect(findings.map((f) => [FindingKind[f.kind], f.node])).toEqual(
        expect.arrayContaining([
          ['FINDING_KIND_AGENT_UNREACHABLE', 'hyperborea'],
          ['FINDING_KIND_UNHEALTHY_NODE', 'hyperborea'],
        ]),
      );
      for (const service of ['one', 'two']) {
        const { result } = await collectDeploy(master, httpdSpec(service, fleet.images.v1));
        expect(result.success).toBe(true);
        expect(result.node).not.toBe('hyperborea');
      }
    } finally {
      await node.start();
    }
    await fleet.waitForNodes(['hyperborea'], NodeStatus.NODE_STATUS_HEALTHY, 5000);
  });
});

const infoOf = async (node: string) =>
  (await (await fleet.master$()).listNodes({})).nodes.find((n) => n.name === node)!;

describe('mcp node list shows the state the master is in', () => {
  it('a frozen agent: probing while its probe is in flight, then unhealthy, never unknown', async () => {
    const node = fleet.nodes.get('hyperborea')!;
    const pid = node.process!.pid;
    // Stopped, not killed: its connections stay open and nothing answers, so
    // the probe waits its whole timeout instead of failing at once.
    process.kill(pid, 'SIGSTOP');
    const seen: string[] = [];
    try {
      await waitFor(
        async () => {
          const status = NodeStatus[await statusOf('hyperborea')].replace('NODE_STATUS_', '').toLowerCase();
          if (seen.at(-1) !== status) seen.push(status);
          return status === 'unhealthy';
        },
        { timeoutMs: 10_000, intervalMs: 10 },
      );
      expect(seen).toEqual(['healthy', 'probing', 'unhealthy']);
      const { code, stdout } = await mcp(await fleet.cliConfig(), 'node', 'list');
      expect(code).toBe(0);
      expect(stdout).toMatch(/^hyperborea\s+worker\s+.*\sunhealthy\s/m);
      expect(stdout).toMatch(/^hyperborea: unhealthy: its health check failed; last heard from \d+s ago$/m);
      expect(stdout).not.toContain('unknown');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await fleet.waitForNodes(['hyperborea'], NodeStatus.NODE_STATUS_HEALTHY, 5000);
  });

  it('a node whose Caddy is down: degraded, naming the proxy, still heartbeating; healthy once it is back', async () => {
    const node = fleet.nodes.get('orion')!;
    await node.caddy.process.stop();
    try {
      await waitFor(async () => (await statusOf('orion')) === NodeStatus.NODE_STATUS_DEGRADED, {
        timeoutMs: 10_000,
        intervalMs: 20,
        description: 'orion degraded',
      });
      expect((await infoOf('orion')).problems).toEqual([
        expect.stringMatching(/^proxy: Caddy admin API at /),
      ]);
      const { code, stdout } = await mcp(await fleet.cliConfig(), 'node', 'list');
      expect(code).toBe(0);
      expect(stdout).toMatch(/^orion\s+worker\s+.*\sdegraded\s/m);
      expect(stdout).toMatch(/^orion: degraded: proxy: Caddy admin API at /m);
      // The agent itself is alive: heartbeats go on, and it is not probed as silent.
      const { lastHeartbeat } = await infoOf('orion');
      await waitFor(async () => (await infoOf('orion')).lastHeartbeat! > lastHeartbeat!, { timeoutMs: 5000 });
      expect(await statusOf('orion')).toBe(NodeStatus.NODE_STATUS_DEGRADED);
    } finally {
      await node.caddy.restart();
    }
    await fleet.waitForNodes(['orion'], NodeStatus.NODE_STATUS_HEALTHY, 10_000);
    expect((await infoOf('orion')).problems).toEqual([]);
  });
});

describe('a restarted master', () => {
  it('keeps its placements and reports stale placements and orphans', async () => {
    const master = await fleet.master$();
    for (const service of ['one', 'two']) {
      const { result } = await collectDeploy(master, httpdSpec(service, fleet.images.v1));
      expect(result.steps.filter((s) => !s.success)).toEqual([]);
    }
    // An orphan: deployed straight to an agent, behind the master's back. It has no
    // route: the fleet CA certifies only names of services the master placed.
    const rift = await fleet.agent$('rift');
    const orphan = await rift.deploy({ spec: strayWithoutRoute() });
    expect(orphan.steps.every((s) => s.success)).toBe(true);
    try {
      // A stale placement: removed on its agent behind the master's back.
      const placed = (await master.status({ service: 'one' })).services[0]!.node;
      await (await fleet.agent$(placed)).undeploy({ service: 'one' });

      await fleet.master.stop();
      await fleet.master.start();
      await fleet.waitForNodes(['rift', 'orion', 'hyperborea']);

      const { services, findings } = await (await fleet.master$()).status({});
      expect(services.map((s) => [s.name, s.node])).toEqual([
        ['one', placed],
        ['two', expect.any(String)],
      ]);
      expect(services.find((s) => s.name === 'two')!.components[0]!.state).toBe('running');
      const kinds = findings.map((f) => [FindingKind[f.kind], f.service, f.node]);
      expect(kinds).toContainEqual(['FINDING_KIND_STALE_PLACEMENT', 'one', placed]);
      expect(kinds).toContainEqual(['FINDING_KIND_ORPHAN', 'stray', 'rift']);
      await waitFor(
        async () =>
          (await readFile(join(fleet.dir, 'master.log'), 'utf8')).includes(
            'stray runs on rift without a placement',
          ),
        { timeoutMs: 5000 },
      );
    } finally {
      await (await fleet.agent$('rift')).undeploy({ service: 'stray' });
    }
  });
});

describe('a master that lost its database', () => {
  it('gets every agent back: they register again when their heartbeats are refused', async () => {
    const rift = await fleet.agent$('rift');
    await rift.deploy({ spec: strayWithoutRoute() });
    try {
      await fleet.master.stop();
      // An agent that starts while the master is away keeps retrying.
      await fleet.nodes.get('orion')!.stop();
      await fleet.nodes.get('orion')!.start();
      for (const suffix of ['', '-wal', '-shm'])
        await rm(join(fleet.dir, `master.db${suffix}`), { force: true });
      await fleet.master.start();
      await fleet.waitForNodes(['rift', 'orion', 'hyperborea'], NodeStatus.NODE_STATUS_HEALTHY, 10_000);
      // The agents' containers were never touched.
      const { services } = await (await fleet.agent$('rift')).status({});
      expect(services.map((s) => s.name)).toContain('stray');
    } finally {
      await (await fleet.agent$('rift')).undeploy({ service: 'stray' });
    }
  });
});
