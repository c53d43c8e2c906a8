/**
 * The master's schema versions, applied in order by `openDatabase`. Append
 * only: a released migration is never edited.
 */
export const MASTER_MIGRATIONS: readonly string[] = [
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
  // Where each node's proxy serves routes (the edge forwards there), as the node reports it.
  `ALTER TABLE nodes ADD COLUMN proxy_port INTEGER;
   ALTER TABLE edge_routes ADD COLUMN backend_address TEXT NOT NULL DEFAULT '';`,
  // The last deployed revisions of each service, for mcp history and rollback.
  `CREATE TABLE revisions (
     service TEXT NOT NULL,
     revision INTEGER NOT NULL,
     spec_json TEXT NOT NULL,
     spec_hash TEXT NOT NULL,
     deployed_at TEXT NOT NULL,
     deployed_by TEXT NOT NULL,
     note TEXT NOT NULL DEFAULT '',
     PRIMARY KEY (service, revision)
   );`,
];
