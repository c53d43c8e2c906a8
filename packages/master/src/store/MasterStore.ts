// Over 200 lines on purpose: one method per SQL statement over the master's
// tables, each a few lines, sharing one statement cache and transaction
// helper; a schema change is checked against every query in one read.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { openDatabase, statementCache, transaction } from '@mcp/daemon-kit';
import type { NodeRecord } from '@mcp/registry';
import { MASTER_MIGRATIONS } from './migrations.js';
import {
  iso,
  toPlacement,
  type EdgeRouteRecord,
  type EventKind,
  type EventRecord,
  type PlacementRecord,
  type RevisionRecord,
  type Row,
} from './records.js';

export type { EdgeRouteRecord, EventKind, EventRecord, PlacementRecord, RevisionRecord } from './records.js';

/**
 * The master's durable state: SQLite (node:sqlite, WAL). Nodes, placements,
 * DNS records and edge routes survive restarts; health does not (it is
 * rebuilt by probing). Heartbeats touch only memory, so a busy fleet does not
 * turn into a write load: `last_seen_at` is flushed in batches.
 */
export class MasterStore {
  private readonly db: DatabaseSync;
  private readonly stmt: (sql: string) => StatementSync;

  constructor(path: string, now: () => Date = () => new Date()) {
    this.db = openDatabase(path, { migrations: MASTER_MIGRATIONS, owner: 'mcp-master', now });
    this.stmt = statementCache(this.db);
  }

  close(): void {
    this.db.close();
  }

  listNodes(): NodeRecord[] {
    return this.all('SELECT * FROM nodes ORDER BY name').map((r): NodeRecord => ({
      name: String(r.name),
      role: String(r.role) as NodeRecord['role'],
      address: String(r.address),
      arch: String(r.arch) as NodeRecord['arch'],
      agentVersion: r.agent_version === null ? undefined : String(r.agent_version),
      registeredAt: r.registered_at === null ? undefined : Date.parse(String(r.registered_at)),
      lastSeenAt: r.last_seen_at === null ? undefined : Date.parse(String(r.last_seen_at)),
      bootstrap: r.bootstrap === 1,
      proxyPort: r.proxy_port === null ? undefined : Number(r.proxy_port),
    }));
  }

  putNode(n: NodeRecord): void {
    this.stmt(
      `INSERT INTO nodes (name, role, address, arch, agent_version, registered_at, last_seen_at, bootstrap, proxy_port)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET role = excluded.role, address = excluded.address, arch = excluded.arch,
         agent_version = excluded.agent_version, registered_at = excluded.registered_at,
         last_seen_at = excluded.last_seen_at, bootstrap = excluded.bootstrap, proxy_port = excluded.proxy_port`,
    ).run(
      n.name,
      n.role,
      n.address,
      n.arch,
      n.agentVersion ?? null,
      iso(n.registeredAt),
      iso(n.lastSeenAt),
      n.bootstrap ? 1 : 0,
      n.proxyPort ?? null,
    );
  }

  /** Records many last-seen times in one transaction. */
  touchNodes(seen: ReadonlyMap<string, number>): void {
    if (seen.size === 0) return;
    this.transaction(() => {
      const stmt = this.stmt('UPDATE nodes SET last_seen_at = ? WHERE name = ?');
      for (const [name, at] of seen) stmt.run(iso(at), name);
    });
  }

  getPlacement(service: string): PlacementRecord | undefined {
    const row = this.stmt('SELECT * FROM placements WHERE service = ?').get(service) as Row | undefined;
    return row ? toPlacement(row) : undefined;
  }

  listPlacements(): PlacementRecord[] {
    return this.all('SELECT * FROM placements ORDER BY service').map(toPlacement);
  }

  putPlacement(p: PlacementRecord): void {
    this.stmt(
      `INSERT INTO placements (service, node, reason, spec_json, spec_hash, placed_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (service) DO UPDATE SET node = excluded.node, reason = excluded.reason,
         spec_json = excluded.spec_json, spec_hash = excluded.spec_hash, placed_at = excluded.placed_at`,
    ).run(p.service, p.node, p.reason, p.specJson, p.specHash, p.placedAt);
  }

  deletePlacement(service: string): void {
    this.stmt('DELETE FROM placements WHERE service = ?').run(service);
  }

  dnsRecordsOf(service: string): { name: string; address: string }[] {
    return this.all('SELECT name, address FROM dns_records WHERE service = ? ORDER BY name', service).map(
      (r) => ({
        name: String(r.name),
        address: String(r.address),
      }),
    );
  }

  putDnsRecord(name: string, service: string, address: string): void {
    this.stmt(
      `INSERT INTO dns_records (name, service, address) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET service = excluded.service, address = excluded.address`,
    ).run(name, service, address);
  }

  deleteDnsRecord(name: string): void {
    this.stmt('DELETE FROM dns_records WHERE name = ?').run(name);
  }

  listEdgeRoutes(): EdgeRouteRecord[] {
    return this.all('SELECT * FROM edge_routes ORDER BY hostname').map((r) => ({
      hostname: String(r.hostname),
      service: String(r.service),
      edgeNode: String(r.edge_node),
      backendHostname: String(r.backend_hostname),
      backendPort: Number(r.backend_port),
      backendAddress: String(r.backend_address),
      certSerial: String(r.cert_serial),
      certExpiresAt: r.cert_expires_at === null ? null : String(r.cert_expires_at),
    }));
  }

  /** Records (or replaces) the edge route for `r.hostname`. */
  putEdgeRoute(r: EdgeRouteRecord): void {
    this.stmt(
      `INSERT INTO edge_routes (hostname, service, edge_node, backend_hostname, backend_port, backend_address, cert_serial, cert_expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (hostname) DO UPDATE SET service = excluded.service, edge_node = excluded.edge_node,
         backend_hostname = excluded.backend_hostname, backend_port = excluded.backend_port,
         backend_address = excluded.backend_address, cert_serial = excluded.cert_serial,
         cert_expires_at = excluded.cert_expires_at`,
    ).run(
      r.hostname,
      r.service,
      r.edgeNode,
      r.backendHostname,
      r.backendPort,
      r.backendAddress,
      r.certSerial,
      r.certExpiresAt,
    );
  }

  deleteEdgeRoute(hostname: string): void {
    this.stmt('DELETE FROM edge_routes WHERE hostname = ?').run(hostname);
  }

  /** A service's recorded revisions, newest first. */
  listRevisions(service: string): RevisionRecord[] {
    return this.all('SELECT * FROM revisions WHERE service = ? ORDER BY revision DESC', service).map((r) => ({
      service: String(r.service),
      revision: Number(r.revision),
      specJson: String(r.spec_json),
      specHash: String(r.spec_hash),
      deployedAt: String(r.deployed_at),
      deployedBy: String(r.deployed_by),
      note: String(r.note),
    }));
  }

  /** Adds a revision and forgets `forget` (revision numbers of the same service), in one transaction. */
  addRevision(r: RevisionRecord, forget: readonly number[] = []): void {
    this.transaction(() => {
      this.stmt(
        `INSERT INTO revisions (service, revision, spec_json, spec_hash, deployed_at, deployed_by, note)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(r.service, r.revision, r.specJson, r.specHash, r.deployedAt, r.deployedBy, r.note);
      const drop = this.stmt('DELETE FROM revisions WHERE service = ? AND revision = ?');
      for (const revision of forget) drop.run(r.service, revision);
    });
  }

  /** Appends to the event log. */
  event(kind: EventKind, message: string, at: Date, refs: { node?: string; service?: string } = {}): void {
    this.stmt('INSERT INTO events (at, kind, node, service, message) VALUES (?, ?, ?, ?, ?)').run(
      at.toISOString(),
      kind,
      refs.node ?? null,
      refs.service ?? null,
      message,
    );
  }

  /** The newest events first. */
  events(limit = 100): EventRecord[] {
    return this.all('SELECT * FROM events ORDER BY id DESC LIMIT ?', limit).map((r) => ({
      id: Number(r.id),
      at: String(r.at),
      kind: String(r.kind) as EventKind,
      node: r.node === null ? null : String(r.node),
      service: r.service === null ? null : String(r.service),
      message: String(r.message),
    }));
  }

  transaction<T>(fn: () => T): T {
    return transaction(this.db, fn);
  }

  private all(sql: string, ...params: (string | number)[]): Row[] {
    return this.stmt(sql).all(...params) as Row[];
  }
}
