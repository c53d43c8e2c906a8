// Each line below breaks exactly one rule that scripts/check-lint-rules.sh expects to fire.
import { execa } from 'execa'; // import-x/no-extraneous-dependencies (not in this package.json)
import { readFile } from 'node:fs/promises'; // import-x/no-duplicates (with the next line)
import { writeFile } from 'node:fs/promises';
import { nothing } from './doesNotExist.js'; // import-x/no-unresolved
import { startFleet } from '@mcp/master/testing'; // no-restricted-imports (deep path)
import { a } from './cycleA.js';

export type Reader = typeof readFile;
export const unused = [execa, writeFile, nothing, startFleet, a];

async function work(): Promise<void> {}
export function fire(): void {
  work(); // @typescript-eslint/no-floating-promises
}
