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
