import { afterAll, describe, expect, it } from '@jest/globals';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSecretFile } from './writeSecretFile.js';

const dir = mkdtempSync(join(tmpdir(), 'mcp-auth-secret-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe('writeSecretFile', () => {
  it('writes the content with mode 0600 even under a permissive umask', async () => {
    const previous = process.umask(0);
    try {
      await writeSecretFile(join(dir, 'key.pem'), 'secret');
    } finally {
      process.umask(previous);
    }
    expect(readFileSync(join(dir, 'key.pem'), 'utf8')).toBe('secret');
    expect(mode(join(dir, 'key.pem'))).toBe(0o600);
  });

  it('replaces a readable file with a 0600 one and leaves no temporary file', async () => {
    const path = join(dir, 'token');
    writeFileSync(path, 'old');
    chmodSync(path, 0o644);
    await writeSecretFile(path, Buffer.from('new'));
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(mode(path)).toBe(0o600);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('creates a missing directory with mode 0700', async () => {
    await writeSecretFile(join(dir, 'new', 'deeper', 'key.pem'), 'x');
    expect(mode(join(dir, 'new', 'deeper'))).toBe(0o700);
    expect(mode(join(dir, 'new', 'deeper', 'key.pem'))).toBe(0o600);
  });

  it('removes its temporary file when the rename fails', async () => {
    // Renaming a file over a non-empty directory fails.
    const target = join(dir, 'a-directory');
    mkdirSync(target);
    writeFileSync(join(target, 'x'), '');
    await expect(writeSecretFile(target, 'x')).rejects.toMatchObject({ code: 'EISDIR' });
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
