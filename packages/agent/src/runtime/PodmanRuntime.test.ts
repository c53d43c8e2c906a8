import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { containerSpec } from '../deploy/testing/specs.js';
import { PodmanRuntime } from './PodmanRuntime.js';
import { urgently } from './urgency.js';

// A stand-in podman that records the niceness it ran at and its arguments;
// what real podman does is the integration tests' (podman.runtime.test.ts).
let dir: string;
let fake: string;
let log: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-fake-podman-'));
  fake = join(dir, 'podman');
  log = join(dir, 'calls.log');
  await writeFile(
    fake,
    `#!/bin/sh\necho "$(nice) $*" >> '${log}'\ncase "$1" in ps) echo '[]' ;; run|create) echo 0123abcd ;; events) echo $$ > '${dir}/events.pid'; exec sleep 600 ;; esac\n`,
    { mode: 0o755 },
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const spec = containerSpec('mcp-hello-web', 'hello:v1');

async function calls(): Promise<string[]> {
  const text = await readFile(log, 'utf8').catch(() => '');
  await rm(log, { force: true });
  return text.trim().split('\n').filter(Boolean);
}

describe('PodmanRuntime niceness', () => {
  const base = getPriority();
  const nice = Math.min(base + 10, 19);

  it('runs bookkeeping nicer than the agent, and what starts a container at its niceness', async () => {
    const runtime = new PodmanRuntime({ podman: fake, scratchDir: dir });
    await runtime.list('mcp.service');
    await runtime.imageExists('hello:v1');
    await runtime.remove('mcp-hello-web', 10);
    await runtime.rename('a', 'b');
    expect(await runtime.run(spec)).toBe('0123abcd');
    await runtime.start('mcp-hello-web');
    await runtime.restart('mcp-hello-web', 10);
    expect((await calls()).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      `${nice} ps`,
      `${nice} image`,
      `${nice} rm`,
      `${nice} rename`,
      `${base} run`,
      `${base} start`,
      `${base} restart`,
    ]);
  });

  it('runs what an operator waits on at the agent niceness, and bookkeeping after it nicer again', async () => {
    const runtime = new PodmanRuntime({ podman: fake, scratchDir: dir });
    await urgently(async () => {
      await runtime.list('mcp.service');
      // Still urgent after an await on something else.
      await new Promise((resolve) => setTimeout(resolve, 1));
      await runtime.imageExists('hello:v1');
      await runtime.remove('mcp-hello-web', 10);
      await runtime.rename('a', 'b');
    });
    await runtime.list('mcp.service');
    expect((await calls()).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      `${base} ps`,
      `${base} image`,
      `${base} rm`,
      `${base} rename`,
      `${nice} ps`,
    ]);
  });

  it('runs everything at the agent niceness with 0, and refuses one out of range', async () => {
    const runtime = new PodmanRuntime({ podman: fake, scratchDir: dir, bookkeepingNiceness: 0 });
    await runtime.list('mcp.service');
    expect(await calls()).toEqual([`${base} ps --all --format json --filter label=mcp.service`]);
    expect(() => new PodmanRuntime({ bookkeepingNiceness: 20 })).toThrow(/0 to 19, got 20/);
    expect(() => new PodmanRuntime({ bookkeepingNiceness: -1 })).toThrow(/0 to 19, got -1/);
  });
});

/** True while `pid` exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('PodmanRuntime.watch', () => {
  it("passes on each event's kind, status and container labels; none when podman gave none", async () => {
    const lines = [
      { Type: 'container', Status: 'remove', Name: 'a', Attributes: { 'mcp.service': 'hello' } },
      // podman 4 sends {} for a container without labels (see podman.runtime.test.ts) ...
      { Type: 'container', Status: 'create', Name: 'b', Attributes: {} },
      // ... so a container event without them, or with odd ones, says nothing of its labels.
      { Type: 'container', Status: 'died', Name: 'c' },
      { Type: 'container', Status: 'start', Name: 'd', Attributes: { n: 1 } },
      { Type: 'image', Status: 'untag', Name: 'hello:v1', Attributes: { 'mcp.service': 'x' } },
    ].map((e) => JSON.stringify(e));
    const printer = join(dir, 'podman-events');
    await writeFile(
      printer,
      `#!/bin/sh
cat <<'EOF'
${lines.join('\n')}
not json
EOF
exec sleep 600
`,
      { mode: 0o755 },
    );
    const seen: unknown[] = [];
    const watch = new PodmanRuntime({ podman: printer, bookkeepingNiceness: 0 }).watch(new Date(), {
      onEvent: (kind, status, labels) => seen.push([kind, status, labels]),
      onEnd: () => undefined,
    });
    try {
      await until('six events', () => seen.length === 6);
    } finally {
      await watch.stop();
    }
    expect(seen).toEqual([
      ['container', 'remove', { 'mcp.service': 'hello' }],
      ['container', 'create', {}],
      ['container', 'died', undefined],
      ['container', 'start', undefined],
      ['image', 'untag', undefined],
      ['container', '', undefined],
    ]);
  });

  it('lives as long as the agent, and dies with it even when the agent is SIGKILLed', async () => {
    // An agent stand-in: a Node process that follows events with the built runtime.
    const runtimeUrl = pathToFileURL(join(import.meta.dirname, '../../dist/runtime/PodmanRuntime.js')).href;
    const pidFile = join(dir, 'events.pid');
    await rm(pidFile, { force: true });
    const agent = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { PodmanRuntime } from ${JSON.stringify(runtimeUrl)};
         new PodmanRuntime({ podman: ${JSON.stringify(fake)} }).watch(new Date(), { onEvent() {}, onEnd() {} });
         setInterval(() => {}, 1 << 30);`,
      ],
      { stdio: 'ignore' },
    );
    let events = 0;
    try {
      await until('podman events to start', async () => {
        events = Number(await readFile(pidFile, 'utf8').catch(() => '0'));
        return events > 0;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(alive(events)).toBe(true);
      agent.kill('SIGKILL');
      await until('podman events to stop with its agent', () => !alive(events));
    } finally {
      agent.kill('SIGKILL');
      if (events > 0 && alive(events)) process.kill(events, 'SIGKILL');
      await calls();
    }
  });
});
