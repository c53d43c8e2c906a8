// @ts-check
// The agent's version, from git at build time. Valid semver, so the master's
// registry accepts it:
//   a tag vX.Y.Z on HEAD, clean tree     -> X.Y.Z
//   commits after tag vX.Y.Z             -> X.Y.Z+<n>.g<hash>[.dirty]
//   no tag                               -> <package.json version>+g<hash>[.dirty]
//   no git (a tarball)                   -> <package.json version>
// MCP_AGENT_VERSION overrides all of it (tests build a "new version" binary so).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const SEMVER =
  /^(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** @param {string} dir @param {string[]} args */
function git(dir, args) {
  try {
    return execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * @param {string} packageDir the agent package's directory
 * @returns {{ version: string, dirty: boolean, source: 'env' | 'tag' | 'commit' | 'package.json' }}
 */
export function agentVersion(packageDir) {
  const override = process.env.MCP_AGENT_VERSION;
  if (override !== undefined && override !== '') {
    if (!SEMVER.test(override) || override.length > 64) {
      throw new Error(
        `MCP_AGENT_VERSION must be a semantic version such as 1.4.0, got ${JSON.stringify(override)}`,
      );
    }
    return { version: override, dirty: false, source: 'env' };
  }
  const base = JSON.parse(readFileSync(`${packageDir}/package.json`, 'utf8')).version;
  const described = git(packageDir, [
    'describe',
    '--tags',
    '--long',
    '--abbrev=12',
    '--dirty',
    '--match',
    'v[0-9]*.[0-9]*.[0-9]*',
  ]);
  const tagged = described && /^v(\d+\.\d+\.\d+)-(\d+)-g([0-9a-f]+)(-dirty)?$/.exec(described);
  if (tagged) {
    const [, tag, count, hash, dirty] = tagged;
    const extra = [...(count === '0' ? [] : [count, `g${hash}`]), ...(dirty ? ['dirty'] : [])];
    return { version: extra.length ? `${tag}+${extra.join('.')}` : `${tag}`, dirty: !!dirty, source: 'tag' };
  }
  const commit = git(packageDir, ['describe', '--always', '--abbrev=12', '--dirty']);
  const plain = commit && /^([0-9a-f]+)(-dirty)?$/.exec(commit);
  if (plain) {
    const [, hash, dirty] = plain;
    return { version: `${base}+g${hash}${dirty ? '.dirty' : ''}`, dirty: !!dirty, source: 'commit' };
  }
  return { version: base, dirty: false, source: 'package.json' };
}
