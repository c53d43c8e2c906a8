import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { MASTER_NODE_FLAGS } from './nodeFlags.js';

describe('MASTER_NODE_FLAGS', () => {
  it('are the flags the mcp-master executable starts node with', () => {
    const shebang = readFileSync(new URL('./main.ts', import.meta.url), 'utf8').split('\n')[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${MASTER_NODE_FLAGS.join(' ')}`);
  });
});
