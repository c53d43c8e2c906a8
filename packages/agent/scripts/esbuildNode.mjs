// @ts-check
// What an esbuild bundle of the workspace's Node programs needs, shared by
// the agent's binary build (build-binary.mjs) and the CLI's bundle
// (packages/cli/scripts/bundle.mjs).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** Lets bundled CommonJS dependencies (pino, grpc-js) call require() and read __dirname inside an ES module. */
export const BANNER = [
  "import { createRequire as __mcpRequire } from 'node:module';",
  "import { fileURLToPath as __mcpPath } from 'node:url';",
  "import { dirname as __mcpDirname } from 'node:path';",
  'const require = __mcpRequire(import.meta.url);',
  'const __filename = __mcpPath(import.meta.url);',
  'const __dirname = __mcpDirname(__filename);',
].join(' ');

/**
 * @mcp/auth loads grpc-js's ServerCredentials through nice-grpc's own
 * dependency at run time (createRequire(...).resolve('nice-grpc')), which a
 * bundle cannot follow, and which would load a second grpc-js. The same
 * class, imported statically from where nice-grpc finds grpc-js, is what it
 * means.
 *
 * @param {string} packageJson a package.json from which nice-grpc resolves
 * @returns {import('esbuild').Plugin}
 */
export function grpcServerCredentials(packageJson) {
  const niceGrpcDir = dirname(createRequire(packageJson).resolve('nice-grpc'));
  return {
    name: 'grpc-server-credentials',
    setup(b) {
      b.onLoad({ filter: /[\\/]auth[\\/]dist[\\/]grpcServerCredentials\.js$/ }, () => ({
        contents: "export { ServerCredentials as GrpcServerCredentials } from '@grpc/grpc-js';",
        resolveDir: niceGrpcDir,
        loader: 'js',
      }));
    },
  };
}
