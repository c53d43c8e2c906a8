import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Arch } from '@mcp/spec';
import { CliError } from '../CliError.js';

/** One built agent executable, as its build's manifest records it. */
export interface AgentBinary {
  arch: Arch;
  path: string;
  version: string;
  size: number;
  sha256: string;
  /** `reused`, or how long the build took. */
  how: string;
}

/** Where `mcp agent upgrade` gets its binaries. */
export interface BinarySource {
  /** For messages: the directory, and whether it builds. */
  readonly describe: string;
  /** The version an upgrade would install, without building anything. */
  version(): Promise<string>;
  /** The binary for `arch`, built first if the source builds and it is missing or stale. */
  binary(arch: Arch): Promise<AgentBinary>;
  /**
   * Fails now, before any node is touched, if a binary for one of `arches`
   * cannot be had without building (a prebuilt directory lacking one).
   * @throws CliError (exit 2).
   */
  check(arches: readonly Arch[]): Promise<void>;
}

interface Manifest {
  version: string;
  binaries: Partial<Record<Arch, { file: string; size: number; sha256: string }>>;
}

async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, 'manifest.json');
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Manifest;
  } catch (error) {
    throw new CliError(
      `no agent binaries in ${dir}: cannot read ${path} (${(error as Error).message}); build them with pnpm --filter @mcp/agent build:binary`,
      2,
      { cause: error },
    );
  }
}

function entryOf(dir: string, manifest: Manifest, arch: Arch, how: string): AgentBinary {
  const entry = manifest.binaries[arch];
  if (!entry) {
    const has = Object.keys(manifest.binaries).join(', ') || 'none';
    throw new CliError(`${dir} has no ${arch} binary of mcp-agent ${manifest.version} (it has: ${has})`, 2);
  }
  return {
    arch,
    path: join(dir, entry.file),
    version: manifest.version,
    size: entry.size,
    sha256: entry.sha256,
    how,
  };
}

/** Binaries built beforehand: `dir/manifest.json` and the files it names; never builds. */
export function manifestSource(dir: string): BinarySource {
  const abs = resolve(dir);
  return {
    describe: abs,
    version: async () => (await readManifest(abs)).version,
    binary: async (arch) => entryOf(abs, await readManifest(abs), arch, 'reused'),
    async check(arches) {
      const manifest = await readManifest(abs);
      for (const arch of arches) entryOf(abs, manifest, arch, 'reused');
    },
  };
}

const run = promisify(execFile);

/**
 * The workspace this `mcp` was built in: its agent's build script makes (or
 * reuses, when current) `packages/agent/dist-bin/`.
 */
export function workspaceSource(agentDir: string): BinarySource {
  const script = join(agentDir, 'scripts', 'build-binary.mjs');
  const out = join(agentDir, 'dist-bin');
  const node = (args: string[]) =>
    run(process.execPath, [script, ...args], { maxBuffer: 1 << 20 }).catch(
      (error: Error & { stderr?: string }) => {
        throw new CliError(`building the agent binary failed: ${error.stderr?.trim() || error.message}`, 1, {
          cause: error,
        });
      },
    );
  // Once per arch and run: a dirty tree would otherwise rebuild for every node.
  const built = new Map<Arch, Promise<AgentBinary>>();
  const build = async (arch: Arch) => {
    const { stdout } = await node(['--arch', arch === 'amd64' ? 'x64' : 'arm64', '--reuse', '--out', out]);
    const how = /\s(reused|built in [\d.]+ s)\s*$/.exec(stdout.trim())?.[1] ?? 'built';
    return entryOf(out, await readManifest(out), arch, how);
  };
  return {
    describe: `${out} (built by ${script})`,
    version: async () =>
      (JSON.parse((await node(['--print-version'])).stdout) as { version: string }).version,
    binary(arch) {
      const pending = built.get(arch) ?? build(arch);
      built.set(arch, pending);
      return pending;
    },
    check: () => Promise.resolve(),
  };
}

/** `packages/agent` of the workspace around this file, if there is one. */
export function findWorkspaceAgent(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const agent = join(dir, 'packages', 'agent');
    if (
      existsSync(join(dir, 'pnpm-workspace.yaml')) &&
      existsSync(join(agent, 'scripts', 'build-binary.mjs'))
    )
      return agent;
  }
  return undefined;
}

/**
 * `--binaries <dir>` if given, else the workspace's build.
 * @throws CliError (exit 2) when neither is there.
 */
export function binarySource(dir: string | undefined): BinarySource {
  if (dir !== undefined) return manifestSource(dir);
  const agent = findWorkspaceAgent();
  if (agent) return workspaceSource(agent);
  throw new CliError(
    'no agent binaries: pass --binaries <dir> holding manifest.json and mcp-agent-linux-<arch> (pnpm --filter @mcp/agent build:binary writes them)',
    2,
  );
}
