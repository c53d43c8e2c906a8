// The README's first command as an operator runs it: `examples/local-fleet.ts`
// brings the seed's fleet up, deploys the examples and stays up; Ctrl-C
// (SIGINT) tears everything down: no namespace, bridge, process or file of
// it is left. Then a second run right after (`--once`) works and leaves
// nothing either.
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { execa } from 'execa';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SCRIPT = join(ROOT, 'examples', 'local-fleet.ts');

interface Run {
  output: () => string;
  exited: Promise<number | null>;
  pid: number;
  signal(name: NodeJS.Signals): void;
}

function runLocalFleet(args: string[] = []): Run {
  const child = spawn(TSX, [SCRIPT, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return {
    output: () => output,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    pid: child.pid!,
    signal: (name) => child.kill(name),
  };
}

async function waitForOutput(run: Run, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** What of a fleet could be left on this machine: namespaces, bridges, and processes naming its dir. */
async function leftovers(fleetDir: string) {
  const netns = (await execa('ip', ['netns', 'list'])).stdout
    .split('\n')
    .filter((l) => l.startsWith('mcp-'))
    .map((l) => l.split(' ')[0]!);
  const bridges = (await execa('ip', ['-o', 'link', 'show', 'type', 'bridge'])).stdout
    .split('\n')
    .map((l) => l.split(': ')[1] ?? '')
    .filter((name) => name.startsWith('mcpbr-'));
  const processes = (await execa('ps', ['-ww', '-eo', 'pid=,args='])).stdout
    .split('\n')
    .filter((l) => l.includes(fleetDir) && !l.includes('ps -eo'));
  const dirLeft = await access(fleetDir).then(
    () => true,
    () => false,
  );
  return { netns, bridges, processes, dirLeft };
}

type Leftovers = Awaited<ReturnType<typeof leftovers>>;
const NOTHING = { netns: [], bridges: [], processes: [], dirLeft: false };
/** What is there now and was not before (a stale lab from an earlier killed run may be swept meanwhile). */
const newSince = (before: Leftovers, now: Leftovers) => ({
  netns: now.netns.filter((n) => !before.netns.includes(n)),
  bridges: now.bridges.filter((b) => !before.bridges.includes(b)),
  processes: now.processes,
  dirLeft: now.dirLeft,
});

const isRoot = process.getuid?.() === 0;

describe('npm run fleet', () => {
  (isRoot ? it : it.skip)(
    'stays up until Ctrl-C, then removes everything it made; a second run right after works',
    async () => {
      const before = await leftovers('/nonexistent');
      const first = runLocalFleet();
      try {
        await waitForOutput(first, 'The fleet is up.', 240_000);
      } catch (error) {
        first.signal('SIGINT');
        await first.exited;
        throw error;
      }
      const out = first.output();
      expect(out).toContain('www: served through the edge');
      expect(out).toMatch(/\$ mcp node list\n/);
      expect(out).toMatch(/\$ mcp edge list\n/);
      expect(out).toContain('The fleet is up. What to try next');
      const fleetDir = /Logs: (\S+)\/master\.log/.exec(out)![1]!;
      expect((await leftovers(fleetDir)).processes.length).toBeGreaterThan(0);

      first.signal('SIGINT');
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain('Stopped; nothing of it is left on this machine.');
      expect(newSince(before, await leftovers(fleetDir))).toEqual(NOTHING);

      const second = runLocalFleet(['--once']);
      expect(await second.exited).toBe(0);
      expect(second.output()).toContain('done: every example service is deployed');
      const secondDir = /Stopping the fleet/.test(second.output())
        ? (/(\/tmp\/mcp-fleet-\w+)/.exec(second.output())?.[1] ?? '/nonexistent')
        : '/nonexistent';
      expect(newSince(before, await leftovers(secondDir))).toEqual(NOTHING);
    },
    420_000,
  );
});
