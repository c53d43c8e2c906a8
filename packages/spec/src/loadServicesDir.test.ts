import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceFile } from './loadServiceFile.js';
import { loadServicesDir } from './loadServicesDir.js';
import { rejectionOf } from './testing/errors.js';

const service = (name: string, image = 'busybox:1.36'): string =>
  `name = "${name}"\n\n[[components]]\nname = "web"\nimage = "${image}"\n`;

let root: string;
const dir = (name: string): string => join(root, name);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mcp-spec-'));
  await mkdir(dir('good'));
  await writeFile(join(dir('good'), 'web.toml'), service('web'));
  await writeFile(join(dir('good'), 'api.toml'), service('api'));
  await writeFile(join(dir('good'), 'README.md'), 'not a service');
  await writeFile(join(dir('good'), '.hidden.toml'), 'not even toml [');
  await symlink('user@host.1234', join(dir('good'), '.#web.toml'));
  await mkdir(join(dir('good'), 'sub.toml'));
  await mkdir(dir('bad'));
  await writeFile(join(dir('bad'), 'ok.toml'), service('ok'));
  await writeFile(join(dir('bad'), 'hello.toml'), service('helo'));
  await writeFile(join(dir('bad'), 'latest.toml'), service('latest', 'busybox:latest'));
  await writeFile(join(dir('bad'), 'syntax.toml'), 'name = \n');
  await mkdir(dir('one-bad'));
  await writeFile(join(dir('one-bad'), 'syntax.toml'), 'name = \n');
  await mkdir(dir('empty'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadServiceFile', () => {
  it('loads a file whose service is named like it', async () => {
    await expect(loadServiceFile(join(dir('good'), 'web.toml'))).resolves.toMatchObject({
      name: 'web',
      tier: 'worker',
    });
  });

  it('refuses a service named unlike its file, naming the file', async () => {
    const error = await rejectionOf(loadServiceFile(join(dir('bad'), 'hello.toml')));
    expect(error.code).toBe('INVALID');
    expect(error.message).toBe(
      `${join(dir('bad'), 'hello.toml')}:1: name: must match the file name "hello" (mcp finds a service by its file name), got "helo"`,
    );
  });

  it('names a file it cannot read', async () => {
    const error = await rejectionOf(loadServiceFile(join(root, 'missing.toml')));
    expect(error.code).toBe('READ_FAILED');
    expect(error.message).toBe(
      `${join(root, 'missing.toml')}: cannot read: ENOENT: no such file or directory`,
    );
    expect(error.cause).toHaveProperty('code', 'ENOENT');
  });
});

describe('loadServicesDir', () => {
  it('loads every *.toml, sorted by name, skipping dotfiles, other files and directories', async () => {
    const specs = await loadServicesDir(dir('good'));
    expect(specs.map((spec) => spec.name)).toEqual(['api', 'web']);
  });

  it('loads an empty directory as no services', async () => {
    await expect(loadServicesDir(dir('empty'))).resolves.toEqual([]);
  });

  it('reports the problems of every bad file together, each naming its file', async () => {
    const error = await rejectionOf(loadServicesDir(dir('bad')));
    expect(error.code).toBe('INVALID');
    expect(error.message.split('\n')).toEqual([
      `${join(dir('bad'), 'hello.toml')}:1: name: must match the file name "hello" (mcp finds a service by its file name), got "helo"`,
      `${join(dir('bad'), 'latest.toml')}:5: components[0].image: must not use the tag "latest"; pin a version or a digest, got "busybox:latest"`,
      `${join(dir('bad'), 'syntax.toml')}:1:8: invalid value`,
    ]);
    expect(error.issues.map((issue) => issue.file)).toEqual([
      join(dir('bad'), 'hello.toml'),
      join(dir('bad'), 'latest.toml'),
      join(dir('bad'), 'syntax.toml'),
    ]);
  });

  it('passes a single bad file on with its own code', async () => {
    expect((await rejectionOf(loadServicesDir(dir('one-bad')))).code).toBe('SYNTAX');
  });

  it('names a directory it cannot list', async () => {
    const error = await rejectionOf(loadServicesDir(join(root, 'nope')));
    expect(error.code).toBe('READ_FAILED');
    expect(error.message).toBe(`${join(root, 'nope')}: cannot read: ENOENT: no such file or directory`);
  });
});
