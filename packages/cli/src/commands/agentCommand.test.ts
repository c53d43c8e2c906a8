// `mcp agent ...` refusals that need neither a master nor a node: usage,
// options and config, each exit 2 with one line naming what to fix.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../runCli.js';

let dir: string;
let config: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcp-agent-cli-'));
  config = join(dir, 'mcp.toml');
  await writeFile(config, '[[nodes]]\nname = "orion"\naddress = "127.0.0.1:9444"\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function mcp(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  };
  const code = await runCli(['--config', config, ...argv], { io, width: 100 });
  return { code, stdout, stderr };
}

describe('mcp agent', () => {
  it('has help with examples for each command', async () => {
    for (const [command, example] of [
      ['upgrade', 'mcp agent upgrade --dry-run'],
      ['rollback', 'mcp agent rollback orion'],
      ['status', 'mcp agent status --json'],
    ]) {
      const { code, stdout } = await mcp('agent', command!, '--help');
      expect(code).toBe(0);
      expect(stdout).toContain(example);
    }
  });

  it.each<[string, string[], string]>([
    [
      'no agent command',
      ['agent'],
      'mcp: name an agent command: upgrade, rollback or status; see mcp agent --help',
    ],
    [
      'rollback without a node',
      ['agent', 'rollback'],
      'mcp: agent rollback needs a node: mcp agent rollback <node>',
    ],
    [
      '--direct',
      ['--direct', '-n', 'orion', 'agent', 'upgrade'],
      'mcp: agent upgrade works through the master (it verifies there); drop --direct',
    ],
    [
      'a negative soak',
      ['agent', 'upgrade', '--soak', '-1'],
      'mcp: --soak must be a number of seconds ≥ 0, got -1',
    ],
    [
      'a zero verify timeout',
      ['agent', 'rollback', 'orion', '--verify-timeout', '0'],
      'mcp: --verify-timeout must be a number of seconds ≥ 1, got 0',
    ],
    ['no [master]', ['agent', 'status'], 'mcp: no [master] address in the config'],
    [
      'binaries that are not there',
      ['agent', 'upgrade', '--binaries', '/nonexistent'],
      'mcp: no agent binaries in /nonexistent: cannot read /nonexistent/manifest.json',
    ],
  ])('refuses %s (exit 2)', async (_, argv, line) => {
    const { code, stdout, stderr } = await mcp(...argv);
    expect(stderr).toContain(line);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });
});
