// @ts-check
// Part of `build`: bundles the CLI into dist/bundle/ (ESM, one chunk per
// lazily loaded command module), which `bin` points at. One minified file
// per chunk instead of hundreds of modules from node_modules is what makes
// `mcp --help` and `mcp node list` start fast (bench/cli-startup measures
// it); node-ssh (with ssh2's optional native addon) stays a package import,
// loaded only by `mcp agent`.
import { copyFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BANNER, grpcServerCredentials } from '../../agent/scripts/esbuildNode.mjs';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(packageDir, 'dist', 'bundle');
rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: [join(packageDir, 'dist', 'main.js')],
  outdir: out,
  bundle: true,
  splitting: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  external: ['node-ssh'],
  banner: { js: BANNER },
  plugins: [grpcServerCredentials(join(packageDir, 'package.json'))],
  logLevel: 'warning',
});
for (const file of ['version.json', 'help.txt'])
  copyFileSync(join(packageDir, 'dist', file), join(out, file));
