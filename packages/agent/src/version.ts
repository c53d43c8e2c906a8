import { readFileSync } from 'node:fs';

// Set by the binary build (esbuild `--define`); absent when running from dist/.
declare const __MCP_AGENT_VERSION__: string | undefined;

/** `dist/version.json` from the build, else the package.json version (sources under jest). */
function builtVersion(): string {
  for (const file of ['./version.json', '../package.json']) {
    try {
      const { version } = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as {
        version?: unknown;
      };
      if (typeof version === 'string') return version;
    } catch {
      // Not built yet, or not there: try the next.
    }
  }
  return '0.0.0';
}

/**
 * The agent's version, reported by `--version`, HealthCheck, Register and
 * Heartbeat: a semantic version from `git describe` at build time (see
 * `scripts/agentVersion.mjs`), such as `0.1.0+g1a2b3c4d5e6f`.
 */
export const AGENT_VERSION: string =
  typeof __MCP_AGENT_VERSION__ === 'string' ? __MCP_AGENT_VERSION__ : builtVersion();
