import type { DatabaseSync, StatementSync } from 'node:sqlite';

/**
 * A function that prepares each SQL text once on `db` and hands back the same statement
 * after: a store's reads run on every Status call and heartbeat, and preparing is most of
 * their cost. Statements die with the database.
 */
export function statementCache(db: DatabaseSync): (sql: string) => StatementSync {
  const statements = new Map<string, StatementSync>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
