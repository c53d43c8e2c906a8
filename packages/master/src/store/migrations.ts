import type { DatabaseSync } from 'node:sqlite';

/** Append-only schema versions; a released one is never edited. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE nodes (
     name TEXT PRIMARY KEY,
     role TEXT NOT NULL,
     address TEXT NOT NULL,
     arch TEXT NOT NULL,
     agent_version TEXT,
     registered_at TEXT,
     last_seen_at TEXT,
     bootstrap INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE placements (
     service TEXT PRIMARY KEY,
     node TEXT NOT NULL,
     reason TEXT NOT NULL,
     spec_json TEXT NOT NULL,
     spec_hash TEXT NOT NULL,
     placed_at TEXT NOT NULL
   );
   -- What the master registered in DNS, so undeploy removes exactly that.
   CREATE TABLE dns_records (
     name TEXT PRIMARY KEY,
     service TEXT NOT NULL,
     address TEXT NOT NULL
   );
   CREATE TABLE edge_routes (
     hostname TEXT PRIMARY KEY,
     service TEXT NOT NULL,
     edge_node TEXT NOT NULL,
     backend_hostname TEXT NOT NULL,
     backend_port INTEGER NOT NULL,
     cert_serial TEXT NOT NULL DEFAULT '',
     cert_expires_at TEXT
   );
   CREATE TABLE events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     kind TEXT NOT NULL,
     node TEXT,
     service TEXT,
     message TEXT NOT NULL
   );
   CREATE INDEX events_at ON events (at);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database to {@link SCHEMA_VERSION}.
 * @throws Error if the database is newer than this master.
 */
export function migrate(db: DatabaseSync, now: () => Date): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const { v } = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  const current = v ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new Error(`database schema version ${current} is newer than this master's ${SCHEMA_VERSION}; upgrade mcp-master`);
  }
  for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS[version - 1]!);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, now().toISOString());
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}
