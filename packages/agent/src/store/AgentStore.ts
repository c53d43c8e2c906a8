// Over 200 lines on purpose: one method per SQL statement over the agent's
// tables, each a few lines; the statements share one prepared-statement
// cache and one transaction helper, and reading them together is how a
// schema change is checked against every query.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { openDatabase, statementCache, transaction } from '@mcp/daemon-kit';
import { AGENT_MIGRATIONS } from './migrations.js';
import {
  toCertificate,
  toComponent,
  toRoute,
  toService,
  type CertificateRecord,
  type EdgeRouteRecord,
  type Row,
  type ServiceRecord,
  type ServiceState,
  type SwitchPhase,
  type SwitchRecord,
} from './records.js';

export type {
  SwitchPhase,
  SwitchRecord,
  CertificateRecord,
  ComponentRecord,
  EdgeRouteRecord,
  RouteRecord,
  ServiceRecord,
  ServiceState,
} from './records.js';

/**
 * The agent's local registry: SQLite (node:sqlite) in WAL mode at
 * `<data dir>/mcp.db`. Synchronous by design: every call is a few
 * microseconds and keeps multi-row updates atomic without async interleaving.
 */
export class AgentStore {
  private readonly db: DatabaseSync;
  /** Each statement is prepared once: Status and every heartbeat read the store. */
  private readonly stmt: (sql: string) => StatementSync;

  /** Opens (creating if needed) and migrates the database at `path`. */
  constructor(path: string) {
    this.db = openDatabase(path, { migrations: AGENT_MIGRATIONS, owner: 'mcp-agent' });
    this.stmt = statementCache(this.db);
  }

  close(): void {
    this.db.close();
  }

  /** Runs `fn` in a transaction; rolls back if it throws. */
  transaction<T>(fn: () => T): T {
    return transaction(this.db, fn);
  }

  listServices(): ServiceRecord[] {
    return this.all('SELECT * FROM services ORDER BY name').map(toService);
  }

  getService(name: string): ServiceState | undefined {
    const row = this.stmt('SELECT * FROM services WHERE name = ?').get(name) as Row | undefined;
    if (!row) return undefined;
    return {
      service: toService(row),
      components: this.all('SELECT * FROM components WHERE service = ? ORDER BY name', name).map(toComponent),
      routes: this.all('SELECT * FROM routes WHERE service = ? ORDER BY component, route', name).map(toRoute),
    };
  }

  /** Replaces everything recorded for `state.service.name`. */
  putService(state: ServiceState): void {
    this.transaction(() => {
      const s = state.service;
      this.stmt('DELETE FROM services WHERE name = ?').run(s.name);
      this.stmt(
        'INSERT INTO services (name, spec_json, spec_hash, active, updated_at) VALUES (?, ?, ?, ?, ?)',
      ).run(s.name, s.specJson, s.specHash, s.active ? 1 : 0, s.updatedAt);
      const component = this.stmt(
        'INSERT INTO components (service, name, container_name, image, component_hash) VALUES (?, ?, ?, ?, ?)',
      );
      for (const c of state.components)
        component.run(c.service, c.name, c.containerName, c.image, c.componentHash);
      const route = this.stmt(
        'INSERT INTO routes (service, component, route, port, mode, hostname, public, host_port) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const r of state.routes) {
        route.run(r.service, r.component, r.route, r.port, r.mode, r.hostname, r.public ? 1 : 0, r.hostPort);
      }
    });
  }

  /** Every internal hostname a recorded route serves, with its service. */
  listRouteHostnames(): { service: string; hostname: string }[] {
    return this.all('SELECT DISTINCT service, hostname FROM routes ORDER BY service, hostname').map((r) => ({
      service: String(r.service),
      hostname: String(r.hostname),
    }));
  }

  setActive(name: string, active: boolean, now: string): void {
    this.stmt('UPDATE services SET active = ?, updated_at = ? WHERE name = ?').run(active ? 1 : 0, now, name);
  }

  /** Deletes the service, its components, routes, ports and certificate rows. */
  deleteService(name: string): void {
    this.transaction(() => {
      this.stmt('DELETE FROM services WHERE name = ?').run(name);
      this.stmt('DELETE FROM ports WHERE service = ?').run(name);
      this.stmt('DELETE FROM spare_ports WHERE service = ?').run(name);
      this.stmt('DELETE FROM switches WHERE service = ?').run(name);
      this.stmt('DELETE FROM certificates WHERE service = ?').run(name);
    });
  }

  /** Host ports held by a service, keyed `component/route`. */
  portsOf(service: string): Map<string, number> {
    const rows = this.all('SELECT component, route, host_port FROM ports WHERE service = ?', service);
    return new Map(rows.map((r) => [`${String(r.component)}/${String(r.route)}`, Number(r.host_port)]));
  }

  /** Every host port held, active or spare. */
  allPorts(): Set<number> {
    return new Set(
      this.all('SELECT host_port FROM ports UNION SELECT host_port FROM spare_ports').map((r) =>
        Number(r.host_port),
      ),
    );
  }

  /** The second port of each route's pair, keyed `component/route`, for those that have one. */
  sparePortsOf(service: string): Map<string, number> {
    const rows = this.all('SELECT component, route, host_port FROM spare_ports WHERE service = ?', service);
    return new Map(rows.map((r) => [`${String(r.component)}/${String(r.route)}`, Number(r.host_port)]));
  }

  /** Records a route's second port. Fails if another route holds it (UNIQUE). */
  holdSparePort(service: string, component: string, route: string, hostPort: number): void {
    this.stmt('INSERT INTO spare_ports (service, component, route, host_port) VALUES (?, ?, ?, ?)').run(
      service,
      component,
      route,
      hostPort,
    );
  }

  releaseSparePort(service: string, component: string, route: string): void {
    this.stmt('DELETE FROM spare_ports WHERE service = ? AND component = ? AND route = ?').run(
      service,
      component,
      route,
    );
  }

  /**
   * Swaps the active and the spare port of each route in `keys`
   * (`component/route`, each with both ports held) and sets the switch's
   * phase, in one transaction: the store never says a route is half switched.
   */
  swapPorts(service: string, keys: readonly string[], phase: SwitchPhase): void {
    this.transaction(() => {
      const active = this.portsOf(service);
      const spare = this.sparePortsOf(service);
      for (const key of keys) {
        const [component = '', route = ''] = splitKey(key);
        const a = active.get(key);
        const b = spare.get(key);
        if (a === undefined || b === undefined) throw new Error(`route ${service} ${key} has no port pair`);
        this.stmt('UPDATE ports SET host_port = ? WHERE service = ? AND component = ? AND route = ?').run(
          b,
          service,
          component,
          route,
        );
        this.stmt(
          'UPDATE spare_ports SET host_port = ? WHERE service = ? AND component = ? AND route = ?',
        ).run(a, service, component, route);
      }
      this.stmt('UPDATE switches SET phase = ? WHERE service = ?').run(phase, service);
    });
  }

  /** Records a switch in progress (replacing any for the service). */
  putSwitch(s: SwitchRecord): void {
    this.stmt(
      `INSERT INTO switches (service, phase, spec_json, running, containers_json, started_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (service) DO UPDATE SET phase = excluded.phase, spec_json = excluded.spec_json,
           running = excluded.running, containers_json = excluded.containers_json, started_at = excluded.started_at`,
    ).run(s.service, s.phase, s.specJson, s.running ? 1 : 0, JSON.stringify(s.containers), s.startedAt);
  }

  listSwitches(): SwitchRecord[] {
    return this.all('SELECT * FROM switches ORDER BY service').map((r) => ({
      service: String(r.service),
      phase: String(r.phase) as SwitchPhase,
      specJson: String(r.spec_json),
      running: Number(r.running) === 1,
      containers: JSON.parse(String(r.containers_json)) as SwitchRecord['containers'],
      startedAt: String(r.started_at),
    }));
  }

  deleteSwitch(service: string): void {
    this.stmt('DELETE FROM switches WHERE service = ?').run(service);
  }

  /** Records a port for a route. Fails if another route holds it (UNIQUE). */
  holdPort(service: string, component: string, route: string, hostPort: number): void {
    this.stmt('INSERT INTO ports (service, component, route, host_port) VALUES (?, ?, ?, ?)').run(
      service,
      component,
      route,
      hostPort,
    );
  }

  /** Releases both ports of a route's pair. */
  releasePort(service: string, component: string, route: string): void {
    this.transaction(() => {
      this.stmt('DELETE FROM ports WHERE service = ? AND component = ? AND route = ?').run(
        service,
        component,
        route,
      );
      this.releaseSparePort(service, component, route);
    });
  }

  getCertificate(hostname: string): CertificateRecord | undefined {
    const row = this.stmt('SELECT * FROM certificates WHERE hostname = ?').get(hostname) as Row | undefined;
    return row ? toCertificate(row) : undefined;
  }

  listCertificates(service?: string): CertificateRecord[] {
    const rows = service
      ? this.all('SELECT * FROM certificates WHERE service = ? ORDER BY hostname', service)
      : this.all('SELECT * FROM certificates ORDER BY hostname');
    return rows.map(toCertificate);
  }

  putCertificate(c: CertificateRecord): void {
    this.stmt(
      `INSERT INTO certificates (hostname, service, serial, not_before, not_after, cert_path, key_path)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (hostname) DO UPDATE SET service = excluded.service, serial = excluded.serial,
           not_before = excluded.not_before, not_after = excluded.not_after,
           cert_path = excluded.cert_path, key_path = excluded.key_path`,
    ).run(c.hostname, c.service, c.serial, c.notBefore, c.notAfter, c.certPath, c.keyPath);
  }

  deleteCertificate(hostname: string): void {
    this.stmt('DELETE FROM certificates WHERE hostname = ?').run(hostname);
  }

  listEdgeRoutes(): EdgeRouteRecord[] {
    return this.all('SELECT * FROM edge_routes ORDER BY hostname').map((r) => ({
      hostname: String(r.hostname),
      backendHostname: String(r.backend_hostname),
      backendPort: Number(r.backend_port),
      backendAddress: String(r.backend_address),
      service: String(r.service),
      updatedAt: String(r.updated_at),
    }));
  }

  getEdgeRoute(hostname: string): EdgeRouteRecord | undefined {
    return this.listEdgeRoutes().find((r) => r.hostname === hostname);
  }

  putEdgeRoute(r: EdgeRouteRecord): void {
    this.stmt(
      `INSERT INTO edge_routes (hostname, backend_hostname, backend_port, backend_address, service, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (hostname) DO UPDATE SET backend_hostname = excluded.backend_hostname,
           backend_port = excluded.backend_port, backend_address = excluded.backend_address,
           service = excluded.service, updated_at = excluded.updated_at`,
    ).run(r.hostname, r.backendHostname, r.backendPort, r.backendAddress, r.service, r.updatedAt);
  }

  deleteEdgeRoute(hostname: string): void {
    this.stmt('DELETE FROM edge_routes WHERE hostname = ?').run(hostname);
  }

  private all(sql: string, ...params: (string | number)[]): Row[] {
    return this.stmt(sql).all(...params) as Row[];
  }
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}
