import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from '@jest/globals';
import { statementCache } from './statementCache.js';

describe('statementCache', () => {
  it('prepares each SQL text once, and the statement keeps working', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('CREATE TABLE t (n INTEGER)');
    const stmt = statementCache(db);
    const insert = stmt('INSERT INTO t (n) VALUES (?)');
    expect(stmt('INSERT INTO t (n) VALUES (?)')).toBe(insert);
    for (const n of [1, 2, 3]) stmt('INSERT INTO t (n) VALUES (?)').run(n);
    expect(stmt('SELECT SUM(n) AS s FROM t').get()).toEqual({ s: 6 });
    expect(stmt('SELECT COUNT(*) AS c FROM t')).not.toBe(stmt('SELECT SUM(n) AS s FROM t'));
    db.close();
  });
});
