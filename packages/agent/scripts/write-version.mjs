// @ts-check
// Part of `build`: records the version (see agentVersion.mjs) in
// dist/version.json, which src/version.ts reads at run time.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentVersion } from './agentVersion.mjs';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = agentVersion(packageDir);
writeFileSync(join(packageDir, 'dist', 'version.json'), `${JSON.stringify({ version })}\n`);
