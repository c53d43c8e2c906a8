import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** How a daemon's database is opened. */
export interface OpenDatabaseOptions {
  /**
   * Schema versions in order: entry i brings the schema from version i to
   * i + 1. Append only: a released migration is never edited, so every
   * database reaches the same schema whatever version it started from.
   */
  migrations: readonly string[];
  /** What the database is called in errors, e.g. `mcp-agent`. */
  owner: string;
  /** Default `() => new Date()`; recorded with each applied migration. */
  now?: () => Date;
}

/**
 * Opens (creating it and its directory, 0700, if needed) a SQLite database in
 * WAL mode and brings it to the latest schema, one transaction per version.
 * The file is made 0600 (SQLite gives its WAL the same mode): it holds
 * service specs, whose environment may carry secrets.
 *
 * @throws Error if the database is newer than `migrations` (a downgraded
 *   daemon must not write to a schema it does not know), or a migration fails
 *   (that version is rolled back).
 */
export function openDatabase(path: string, options: OpenDatabaseOptions): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const db = new DatabaseSync(path);
  try {
    if (path !== ':memory:') chmodSync(path, 0o600);
    db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
    );
    migrate(db, options);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: DatabaseSync, { migrations, owner, now = () => new Date() }: OpenDatabaseOptions): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const { v } = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  const current = v ?? 0;
  if (current > migrations.length) {
    throw new Error(
      `database schema version ${current} is newer than this ${owner}'s ${migrations.length}; upgrade ${owner}`,
    );
  }
  for (let version = current + 1; version <= migrations.length; version++) {
    transaction(db, () => {
      db.exec(migrations[version - 1]!);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        version,
        now().toISOString(),
      );
    });
  }
}

/** Runs `fn` in one write transaction; rolls back and rethrows if it throws. */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
