// @ts-check
// Part of `build`: bundles the CLI into dist/bundle/ (ESM, one chunk per
// lazily loaded command module), which `bin` points at. One minified file
// per chunk instead of hundreds of modules from node_modules is what makes
// `mcp --help` and `mcp node list` start fast (bench/cli-startup measures
// it); node-ssh (with ssh2's optional native addon) stays a package import,
// loaded only by `mcp agent`.
import { copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(packageDir, 'dist', 'bundle');
// Lets the bundled CommonJS dependencies (grpc-js) call require() and read
// __dirname inside an ES module.
const BANNER = [
  "import { createRequire as __mcpRequire } from 'node:module';",
  "import { fileURLToPath as __mcpPath } from 'node:url';",
  "import { dirname as __mcpDirname } from 'node:path';",
  'const require = __mcpRequire(import.meta.url);',
  'const __filename = __mcpPath(import.meta.url);',
  'const __dirname = __mcpDirname(__filename);',
].join(' ');

// @mcp/auth finds grpc-js's ServerCredentials through nice-grpc at run time;
// in a bundle that would load a second grpc-js. The CLI never serves, but the
// module is evaluated: give it the bundled class (as the agent binary does).
const niceGrpcDir = dirname(createRequire(join(packageDir, 'package.json')).resolve('nice-grpc'));
/** @type {import('esbuild').Plugin} */
const grpcServerCredentials = {
  name: 'grpc-server-credentials',
  setup(b) {
    b.onLoad({ filter: /[\\/]auth[\\/]dist[\\/]grpcServerCredentials\.js$/ }, () => ({
      contents: "export { ServerCredentials as GrpcServerCredentials } from '@grpc/grpc-js';",
      resolveDir: niceGrpcDir,
      loader: 'js',
    }));
  },
};

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
  plugins: [grpcServerCredentials],
  logLevel: 'warning',
});
copyFileSync(join(packageDir, 'dist', 'version.json'), join(out, 'version.json'));
