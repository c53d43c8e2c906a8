// The rows of the agent's database, as the rest of the agent sees them.

/** A deployed service as the agent recorded it. */
export interface ServiceRecord {
  name: string;
  specJson: string;
  specHash: string;
  /** Desired state: whether the service should be running. */
  active: boolean;
  updatedAt: string;
}

export interface ComponentRecord {
  service: string;
  name: string;
  containerName: string;
  image: string;
  componentHash: string;
}

export interface RouteRecord {
  service: string;
  component: string;
  /** Empty for a component's single unnamed route. */
  route: string;
  port: number;
  mode: 'l4' | 'l7';
  /** Internal hostname the node proxy serves. */
  hostname: string;
  public: boolean;
  hostPort: number;
}

export interface CertificateRecord {
  hostname: string;
  service: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  certPath: string;
  keyPath: string;
}

export interface EdgeRouteRecord {
  /** The public hostname. */
  hostname: string;
  backendHostname: string;
  backendPort: number;
  /** What the backend hostname resolved to (inside the allowed CIDRs): what the proxy dials. */
  backendAddress: string;
  service: string;
  updatedAt: string;
}

/** Everything recorded for one service, written in one transaction. */
export interface ServiceState {
  service: ServiceRecord;
  components: ComponentRecord[];
  routes: RouteRecord[];
}

/** A row as node:sqlite returns it. */
export type Row = Record<string, string | number | null>;

export function toService(r: Row): ServiceRecord {
  return {
    name: String(r.name),
    specJson: String(r.spec_json),
    specHash: String(r.spec_hash),
    active: r.active === 1,
    updatedAt: String(r.updated_at),
  };
}

export function toComponent(r: Row): ComponentRecord {
  return {
    service: String(r.service),
    name: String(r.name),
    containerName: String(r.container_name),
    image: String(r.image),
    componentHash: String(r.component_hash),
  };
}

export function toRoute(r: Row): RouteRecord {
  return {
    service: String(r.service),
    component: String(r.component),
    route: String(r.route),
    port: Number(r.port),
    mode: r.mode === 'l4' ? 'l4' : 'l7',
    hostname: String(r.hostname),
    public: r.public === 1,
    hostPort: Number(r.host_port),
  };
}

export function toCertificate(r: Row): CertificateRecord {
  return {
    hostname: String(r.hostname),
    service: String(r.service),
    serial: String(r.serial),
    notBefore: String(r.not_before),
    notAfter: String(r.not_after),
    certPath: String(r.cert_path),
    keyPath: String(r.key_path),
  };
}

/**
 * Where a rolling switch is: `starting` (new containers created, the proxy
 * and the store still on the old ones) or `switched` (the store's ports,
 * and so the proxy, on the new ones; the old ones still to be removed).
 */
export type SwitchPhase = 'starting' | 'switched';

/** A rolling switch in progress, kept until it is finished or undone. */
export interface SwitchRecord {
  service: string;
  phase: SwitchPhase;
  /** The spec being deployed, as `JSON.stringify(spec)`. */
  specJson: string;
  running: boolean;
  /** Per switched component: its canonical container name and the new container's temporary one. */
  containers: { component: string; name: string; next: string }[];
  startedAt: string;
}
