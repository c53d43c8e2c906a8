// @ts-check
// Part of `build`: renders `mcp --help` at the widest help width (MAX_HELP_WIDTH,
// what runCli uses unless stdout is a terminal narrower than that) into
// dist/help.txt, which src/main.ts prints without loading yargs. Rendered by
// the built parser itself, so the two never differ; main.test.ts checks it.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const { runCli } = await import(join(packageDir, 'dist', 'runCli.js'));
const { MAX_HELP_WIDTH } = await import(join(packageDir, 'dist', 'helpWidth.js'));
let text = '';
const sink = { write: (/** @type {string} */ t) => void (text += t) };
const code = await runCli(['--help'], { io: { stdout: sink, stderr: sink }, width: MAX_HELP_WIDTH });
if (code !== 0 || !text.includes('Commands:'))
  throw new Error(`mcp --help rendered no help (exit ${code}): ${text}`);
writeFileSync(join(packageDir, 'dist', 'help.txt'), text);
