import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { openDatabase, transaction } from './openDatabase.js';

const dir = mkdtempSync(join(tmpdir(), 'mcp-daemon-kit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const V1 = 'CREATE TABLE a (x INTEGER)';
const V2 = 'CREATE TABLE b (y TEXT)';
const tables = (db: ReturnType<typeof openDatabase>) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);

describe('openDatabase', () => {
  it('creates the directory 0700 and the schema, in WAL mode', () => {
    const path = join(dir, 'new', 'state.db');
    const db = openDatabase(path, { migrations: [V1], owner: 'test' });
    expect(tables(db)).toEqual(['a', 'schema_migrations']);
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect(statSync(join(dir, 'new')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    db.close();
  });

  it('brings an older database up to date, once per version', () => {
    const path = join(dir, 'upgrade.db');
    openDatabase(path, { migrations: [V1], owner: 'test' }).close();
    const db = openDatabase(path, { migrations: [V1, V2], owner: 'test' });
    expect(tables(db)).toEqual(['a', 'b', 'schema_migrations']);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1 },
      { version: 2 },
    ]);
    db.close();
    openDatabase(path, { migrations: [V1, V2], owner: 'test' }).close();
  });

  it('refuses a database newer than the code', () => {
    const path = join(dir, 'newer.db');
    openDatabase(path, { migrations: [V1, V2], owner: 'test' }).close();
    expect(() => openDatabase(path, { migrations: [V1], owner: 'mcp-agent' })).toThrow(
      "database schema version 2 is newer than this mcp-agent's 1; upgrade mcp-agent",
    );
  });

  it('rolls back a failing migration and keeps the versions before it', () => {
    const path = join(dir, 'broken.db');
    expect(() =>
      openDatabase(path, { migrations: [V1, 'CREATE TABLE b (y TEXT); NOT SQL'], owner: 'test' }),
    ).toThrow();
    const db = openDatabase(path, { migrations: [V1], owner: 'test' });
    expect(tables(db)).toEqual(['a', 'schema_migrations']);
    db.close();
  });
});

describe('transaction', () => {
  it('commits on success and rolls back when the function throws', () => {
    const db = openDatabase(':memory:', { migrations: [V1], owner: 'test' });
    transaction(db, () => db.prepare('INSERT INTO a (x) VALUES (1)').run());
    expect(() =>
      transaction(db, () => {
        db.prepare('INSERT INTO a (x) VALUES (2)').run();
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(db.prepare('SELECT x FROM a').all()).toEqual([{ x: 1 }]);
    db.close();
  });
});
