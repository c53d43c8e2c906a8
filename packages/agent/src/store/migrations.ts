import type { DatabaseSync } from 'node:sqlite';

/**
 * Schema versions, applied in order inside one transaction each. Append only:
 * a released migration is never edited, so every agent's database reaches the
 * same schema whatever version it started from.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE services (
     name TEXT PRIMARY KEY,
     spec_json TEXT NOT NULL,
     spec_hash TEXT NOT NULL,
     active INTEGER NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE components (
     service TEXT NOT NULL REFERENCES services(name) ON DELETE CASCADE,
     name TEXT NOT NULL,
     container_name TEXT NOT NULL UNIQUE,
     image TEXT NOT NULL,
     component_hash TEXT NOT NULL,
     PRIMARY KEY (service, name)
   );
   -- Ports outlive a service's row during a redeploy so a route keeps its
   -- host port; they are released only by undeploy.
   CREATE TABLE ports (
     service TEXT NOT NULL,
     component TEXT NOT NULL,
     route TEXT NOT NULL,
     host_port INTEGER NOT NULL UNIQUE,
     PRIMARY KEY (service, component, route)
   );
   CREATE TABLE routes (
     service TEXT NOT NULL REFERENCES services(name) ON DELETE CASCADE,
     component TEXT NOT NULL,
     route TEXT NOT NULL,
     port INTEGER NOT NULL,
     mode TEXT NOT NULL,
     hostname TEXT NOT NULL,
     public INTEGER NOT NULL,
     host_port INTEGER NOT NULL,
     PRIMARY KEY (service, component, route)
   );
   CREATE TABLE certificates (
     hostname TEXT PRIMARY KEY,
     service TEXT NOT NULL,
     serial TEXT NOT NULL,
     not_before TEXT NOT NULL,
     not_after TEXT NOT NULL,
     cert_path TEXT NOT NULL,
     key_path TEXT NOT NULL
   );`,
  `CREATE TABLE edge_routes (
     hostname TEXT PRIMARY KEY,
     backend_hostname TEXT NOT NULL,
     backend_port INTEGER NOT NULL,
     service TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );`,
];

/** The schema version this code expects. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database to {@link SCHEMA_VERSION}.
 * @throws Error if the database is newer than this code (a downgraded agent
 *   must not write to a schema it does not know).
 */
export function migrate(db: DatabaseSync): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  const current = row.v ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new Error(`database schema version ${current} is newer than this agent's ${SCHEMA_VERSION}; upgrade the agent`);
  }
  for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS[version - 1]!);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        version,
        new Date().toISOString(),
      );
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  return SCHEMA_VERSION;
}
