import { readFileSync } from 'node:fs';

/**
 * The CLI's version: `dist/version.json` from the build (git-derived, as the
 * agent's), else the package.json version (sources under jest).
 */
export function cliVersion(): string {
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
