/**
 * The agent's schema versions, applied in order by `openDatabase`. Append
 * only: a released migration is never edited.
 */
export const AGENT_MIGRATIONS: readonly string[] = [
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
  // The address the backend resolved to, which the edge's proxy dials.
  `ALTER TABLE edge_routes ADD COLUMN backend_address TEXT NOT NULL DEFAULT '';`,
  // Rolling redeploys: each route's second host port (the pair alternates
  // between ports and spare_ports), and the switch in progress per service,
  // so an agent killed mid-way finishes or undoes it on its next start.
  `CREATE TABLE spare_ports (
     service TEXT NOT NULL,
     component TEXT NOT NULL,
     route TEXT NOT NULL,
     host_port INTEGER NOT NULL UNIQUE,
     PRIMARY KEY (service, component, route)
   );
   CREATE TABLE switches (
     service TEXT PRIMARY KEY,
     phase TEXT NOT NULL,
     spec_json TEXT NOT NULL,
     running INTEGER NOT NULL,
     containers_json TEXT NOT NULL,
     started_at TEXT NOT NULL
   );`,
];
