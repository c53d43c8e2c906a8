import { afterAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTsigSecret } from './readTsigSecret.js';

const dir = mkdtempSync(join(tmpdir(), 'mcp-dns-secret-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

const SECRET = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYg==';

describe('readTsigSecret', () => {
  it.each([
    ['0600', 0o600],
    ['0400', 0o400],
  ])('reads and trims the secret of a %s file', async (_, mode) => {
    await expect(readTsigSecret(file(`ok-${mode}`, `  ${SECRET}\n`, mode))).resolves.toBe(SECRET);
  });

  it.each([
    ['mode 0644', () => file('open', SECRET, 0o644), /has mode 0644; .*chmod 600/],
    ['mode 0640', () => file('group', SECRET, 0o640), /has mode 0640/],
    [
      'a directory',
      () => (mkdirSync(join(dir, 'sub'), { mode: 0o700 }), join(dir, 'sub')),
      /not a regular file/,
    ],
    ['a missing file', () => join(dir, 'missing'), /cannot read TSIG secret file .*missing \(ENOENT\)/],
    ['an empty file', () => file('empty', '\n'), /must hold one base64 secret/],
    ['two values', () => file('two', `${SECRET}\n${SECRET}\n`), /must hold one base64 secret/],
    [
      'a BIND key statement',
      () => file('bind', `key "k" { secret "${SECRET}"; };`),
      /must hold one base64 secret/,
    ],
    ['bad padding', () => file('pad', 'abc'), /must hold one base64 secret/],
  ])('refuses %s without quoting it', async (_, make, message) => {
    const error = await readTsigSecret(make()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_SECRET', message: expect.stringMatching(message) });
    expect((error as Error).message).not.toContain(SECRET);
  });
});
