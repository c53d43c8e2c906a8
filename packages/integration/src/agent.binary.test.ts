// The single-file mcp-agent binaries: built once by the agent's own build
// script, run with no Node.js anywhere on PATH; the arm64 one under qemu
// (binfmt_misc, set up by scripts/setup-system.sh).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { AgentStore } from '@mcp/agent';
import { makeTempDir, type TempDir } from '@mcp/testkit';
import { buildAgentBinaries, sha256File, type AgentBinaries } from './index.js';

let built: AgentBinaries;
let temp: TempDir;
beforeAll(async () => {
  temp = await makeTempDir('mcp-agent-binary-');
  built = await buildAgentBinaries();
}, 300_000);
afterAll(async () => {
  await temp?.remove();
});

/** Runs a binary with an empty environment: no PATH, so no Node.js to lean on. */
function run(path: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(path, args, { env: {}, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The ELF header's machine field: 0x3e x86-64, 0xb7 aarch64. */
async function elfMachine(path: string): Promise<number> {
  const file = await open(path, 'r');
  try {
    const { buffer } = await file.read(Buffer.alloc(20), 0, 20, 0);
    return buffer.readUInt16LE(18);
  } finally {
    await file.close();
  }
}

const ARCHES: ['amd64' | 'arm64', string, number][] = [
  ['amd64', 'x64', 0x3e],
  ['arm64', 'arm64', 0xb7],
];

describe('mcp-agent binaries', () => {
  it('are built for both architectures, each printed with its size and sha256', async () => {
    expect(built.version).toMatch(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/);
    for (const [arch, nodeArch, machine] of ARCHES) {
      const binary = built.binaries[arch]!;
      expect(binary.file).toBe(`mcp-agent-linux-${nodeArch}`);
      expect(await sha256File(binary.path)).toBe(binary.sha256);
      expect(await elfMachine(binary.path)).toBe(machine);
      expect(binary.size).toBeGreaterThan(50 * 1024 * 1024);
      expect(built.output).toContain(`${binary.path}  ${built.version}  ${binary.size} bytes`);
      expect(built.output).toContain(`sha256 ${binary.sha256}`);
    }
  });

  it.each(ARCHES)('%s: --version and --help answer without Node.js', async (arch) => {
    const path = built.binaries[arch]!.path;
    expect(await run(path, ['--version'])).toEqual({ code: 0, stdout: `${built.version}\n`, stderr: '' });
    const help = await run(path, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('mcp-agent --self-check');
  });

  it.each(ARCHES)("%s: --self-check opens the agent's SQLite database read-only", async (arch, nodeArch) => {
    const dataDir = join(temp.path, arch);
    new AgentStore(join(dataDir, 'mcp.db')).close();
    const { code, stdout } = await run(built.binaries[arch]!.path, ['--self-check', '--data-dir', dataDir]);
    expect(stdout).toContain(`mcp-agent ${built.version} (node v24.`);
    expect(stdout).toContain(`linux ${nodeArch}, SQLite 3.`);
    expect(stdout).toMatch(/schema (\d+) \(this agent knows \1\), 0 services, quick_check ok/);
    expect(stdout).toContain('self-check ok');
    expect(code).toBe(0);
  });

  it('fails its self-check on a data dir it cannot open, and refuses an unknown option', async () => {
    const path = built.binaries.amd64!.path;
    const broken = await run(path, ['--self-check', '--config', join(temp.path, 'missing.toml')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('--self-check needs --data-dir or a readable --config');
    const unknown = await run(path, ['--verison']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--verison'");
  });

  it('reuses binaries that are current instead of building again', async () => {
    const again = await buildAgentBinaries();
    expect(again.binaries).toEqual(built.binaries);
    // A dirty work tree has no commit to name the build after: always rebuilt.
    if (!built.version.endsWith('.dirty')) expect(again.output).toMatch(/ reused$/m);
  }, 300_000);
});
