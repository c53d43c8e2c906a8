import { afterAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTokenFile } from './readTokenFile.js';

const dir = mkdtempSync(join(tmpdir(), 'mcp-auth-token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

describe('readTokenFile', () => {
  it.each([
    ['0600', 0o600],
    ['0400', 0o400],
  ])('reads and trims a token from a %s file', async (_, mode) => {
    await expect(readTokenFile(file(`ok-${mode}`, '  abc.def.ghi\n', mode))).resolves.toBe('abc.def.ghi');
  });

  it.each([
    ['0644', 0o644],
    ['0640', 0o640],
    ['0604', 0o604],
    ['0660', 0o660],
  ])('refuses a %s file, naming the mode', async (shown, mode) => {
    const path = file(`open-${shown}`, 'abc', mode);
    await expect(readTokenFile(path)).rejects.toMatchObject({
      code: 'INSECURE_FILE',
      message: expect.stringContaining(`has mode ${shown}`),
    });
  });

  it.each([
    ['is empty', () => file('empty', ' \n', 0o600)],
    ['holds two tokens', () => file('two', 'abc\ndef\n', 0o600)],
    ['is a directory', () => (mkdirSync(join(dir, 'sub'), { mode: 0o700 }), join(dir, 'sub'))],
  ])('refuses a file that %s', async (_, make) => {
    await expect(readTokenFile(make())).rejects.toMatchObject({ code: 'INVALID_TOKEN_FILE' });
  });

  it('passes on a missing file as the file system reports it', async () => {
    await expect(readTokenFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
