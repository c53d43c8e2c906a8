// Test helpers: a config directory on disk, and runCli / the built binary
// with their output captured.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../runCli.js';

/** What one `mcp` run did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mcp` in-process with `--config <configFile>` prepended when given. */
export async function mcp(configFile: string | undefined, ...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  };
  const args = configFile ? ['--config', configFile, ...argv] : argv;
  const code = await runCli(args, { io, defaultConfig: '/nonexistent/mcp.toml', width: 100 });
  return { code, stdout, stderr };
}

/** `packages/cli/dist/main.js`: `pnpm test` builds it first. */
export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'main.js');

/** Runs the built binary as a subprocess (`node dist/main.js ...`). */
export function mcpBinary(argv: string[], timeoutMs = 30_000): Promise<CliRun & { ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...argv],
      { timeout: timeoutMs, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, ms: performance.now() - started });
      },
    );
  });
}

/** A service file for the busybox test image: one component `web`, one route on 8080. */
export const helloToml = (image: string, name = 'hello'): string =>
  `name = "${name}"\n\n[[components]]\nname = "web"\nimage = "${image}"\n\n[[components.routes]]\nport = 8080\n`;

/**
 * Writes `<dir>/mcp.toml` naming `nodes`, with `ca.pem`, a 0600 `token` and
 * `services/<name>.toml` for each of `services`; returns the config path.
 */
export async function writeConfigDir(
  dir: string,
  options: { nodes: Record<string, string>; caPem: string; token: string; services?: Record<string, string> },
): Promise<string> {
  await mkdir(join(dir, 'services'), { recursive: true });
  await writeFile(join(dir, 'ca.pem'), options.caPem);
  await writeFile(join(dir, 'token'), `${options.token}\n`, { mode: 0o600 });
  for (const [name, toml] of Object.entries(options.services ?? {})) {
    await writeFile(join(dir, 'services', `${name}.toml`), toml);
  }
  const nodes = Object.entries(options.nodes).map(
    ([name, address]) => `[[nodes]]\nname = "${name}"\naddress = "${address}"\n`,
  );
  const file = join(dir, 'mcp.toml');
  await writeFile(
    file,
    [
      `services_dir = "${dir}/services"`,
      `token_file = "${dir}/token"`,
      `ca_cert = "${dir}/ca.pem"`,
      '',
      ...nodes,
    ].join('\n'),
  );
  return file;
}
