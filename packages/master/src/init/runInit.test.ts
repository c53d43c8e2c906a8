import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { runInit } from './runInit.js';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runInit(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

function fleetArgs(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-run-init-'));
  dirs.push(dir);
  return [
    '--dir',
    dir,
    '--node',
    'rift',
    '--zone',
    'fleet.test',
    '--address',
    '127.0.0.1',
    '--agent',
    'orion=127.0.0.1',
  ];
}

describe('runInit', () => {
  it('creates the fleet and prints a table, then reports everything kept', async () => {
    const argv = fleetArgs();
    const first = await run(argv);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^STATUS +FILE\ncreated +\/.*\/ca\.pem\n/);
    expect(first.stdout).toContain('15 created, 0 kept');
    // Per node: how to start it with the config init wrote, and every file it reads.
    const dir = argv[1]!;
    expect(first.stdout).toContain(`the master: mcp-master run --config ${dir}/config/mcp-master.toml\n`);
    expect(first.stdout).toContain(
      `agent orion: mcp-agent --config ${dir}/config/mcp-agent-orion.toml\n` +
        `  reads ${dir}/config/mcp-agent-orion.toml ${dir}/agents/orion.pem ${dir}/agents/orion.key ` +
        `${dir}/ca.pem ${dir}/signing.pub ${dir}/tokens/agent-orion.token\n`,
    );
    const second = await run(argv);
    expect(second.stdout).toContain('0 created, 15 kept');
  });

  it('prints JSON with --json, and never a key or token', async () => {
    const argv = fleetArgs();
    const { code, stdout } = await run([...argv, '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { files: { path: string; status: string }[] };
    expect(summary.files).toHaveLength(15);
    expect(summary.files[0]).toEqual({ path: join(argv[1]!, 'ca.pem'), status: 'created' });
    const dir = argv[1]!;
    const secrets = [
      ...['ca.key', 'signing.key', 'master.key'].map((file) => readFileSync(join(dir, file), 'utf8')),
      ...summary.files
        .filter((f) => f.path.endsWith('.token'))
        .map((f) => readFileSync(f.path, 'utf8').trim()),
    ];
    for (const secret of secrets) expect(stdout).not.toContain(secret.slice(40, 80));
    expect(stdout).not.toContain('PRIVATE KEY');
  });

  it('prints help with an example and exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: mcp-master init');
    expect(stdout).toContain('Example:');
  });

  it.each([
    ['bad usage', ['--dir']],
    [
      'a bad value',
      ['--dir', '/nonexistent/x', '--node', 'Bad', '--zone', 'fleet.test', '--address', '127.0.0.1'],
    ],
  ])('exits 2 for %s, pointing at --help', async (_name, argv) => {
    const { code, stdout, stderr } = await run(argv);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^mcp-master init: .*\nRun "mcp-master init --help" for usage\.\n$/);
  });

  it('exits 1 when the directory holds half a CA', async () => {
    const argv = fleetArgs();
    await run(argv);
    rmSync(join(argv[1]!, 'ca.key'));
    const { code, stderr } = await run(argv);
    expect(code).toBe(1);
    expect(stderr).toMatch(/ca\.pem exists but .*ca\.key does not/);
  });
});
