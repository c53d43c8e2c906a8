// @ts-check
// Part of `build`: records the CLI's version in dist/version.json, which
// src/version.ts reads at run time. The same git-derived version as the
// agent's (see packages/agent/scripts/agentVersion.mjs), so `mcp --version`
// and `mcp agent status` name the same build.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentVersion } from '../../agent/scripts/agentVersion.mjs';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = agentVersion(packageDir);
writeFileSync(join(packageDir, 'dist', 'version.json'), `${JSON.stringify({ version })}\n`);
