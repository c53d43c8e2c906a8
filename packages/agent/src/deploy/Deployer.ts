import { createHash } from 'node:crypto';
import { hashSpec, planRoutes, type ComponentSpec, type PlannedRoute, type ServiceSpec } from '@mcp/spec';
import type { LoadedCertificate } from '../certs/CertificateManager.js';
import type { ContainerSpec } from '../runtime/ContainerRuntime.js';
import type { ServiceState } from '../store/AgentStore.js';
import { LABELS, type AgentContext } from './AgentContext.js';
import { containerName, proxyIds } from './names.js';
import { StepLog, messageOf, type Step } from './StepLog.js';

/** What a deploy, start or stop did. */
export interface ApplyOutcome {
  steps: Step[];
  changed: boolean;
  success: boolean;
}

/** What to put back if a later step fails. */
interface Undo {
  heldPorts: { component: string; route: string }[];
  created: string[];
  parked: { name: string; parkedAs: string; wasRunning: boolean }[];
  addedRoutes: string[];
}

type Ports = Map<string, number>;
const portKey = (r: { component: string; route: string }): string => `${r.component}/${r.route}`;

/**
 * Brings a service on this node to a spec and a desired running state:
 * host ports (stable per route), certificates, containers, proxy routes,
 * then the record. Deploy, start and stop are all this one operation, so
 * running it again with nothing changed changes nothing. A failure part-way
 * restores the previous containers and routes and says what it could not.
 */
export class Deployer {
  constructor(private readonly ctx: AgentContext) {}

  /** Deploys `spec`, running it if `spec.active`. */
  deploy(spec: ServiceSpec): Promise<ApplyOutcome> {
    return this.ctx.locks.run(spec.name, () => this.apply(spec, spec.active));
  }

  /** Applies the recorded spec with a new desired state (start/stop). */
  setRunning(service: string, running: boolean): Promise<ApplyOutcome | undefined> {
    return this.ctx.locks.run(service, async () => {
      const state = this.ctx.store.getService(service);
      if (!state) return undefined;
      return this.apply(JSON.parse(state.service.specJson) as ServiceSpec, running);
    });
  }

  /**
   * For a running service: renews certificates that are due and re-adds any
   * route or certificate the proxy lost (a restarted, empty Caddy, say).
   * Returns what it changed, for the log.
   */
  refreshProxy(service: string): Promise<string[]> {
    return this.ctx.locks.run(service, async () => {
      const state = this.ctx.store.getService(service);
      if (!state?.service.active) return [];
      const spec = JSON.parse(state.service.specJson) as ServiceSpec;
      const routes = planRoutes(spec, this.ctx.zone);
      const ports = this.ctx.store.portsOf(service);
      const certs = await this.ensureCertificates(service, routes);
      const undo: Undo = { heldPorts: [], created: [], parked: [], addedRoutes: [] };
      const proxied = await this.applyRoutes(service, routes, ports, certs.loaded, undo);
      return [certs.changed ? certs.detail : '', proxied.changed ? proxied.detail : ''].filter(Boolean);
    });
  }

  private async apply(spec: ServiceSpec, running: boolean): Promise<ApplyOutcome> {
    const log = new StepLog();
    const prev = this.ctx.store.getService(spec.name);
    const routes = planRoutes(spec, this.ctx.zone);
    const undo: Undo = { heldPorts: [], created: [], parked: [], addedRoutes: [] };
    const hash = hashSpec(spec);
    let changed = prev === undefined || prev.service.specHash !== hash || prev.service.active !== running;
    try {
      const ports = await log.run('ports', () => this.holdPorts(spec.name, routes, undo));
      // Stopping never needs a certificate, and must work with the CA down.
      const certs = running
        ? await log.run('certificates', () => this.ensureCertificates(spec.name, routes))
        : { loaded: new Map<string, LoadedCertificate>(), changed: false };
      if (!running) {
        const removed = await log.run('routes', () => this.removeRoutes(spec.name, routes, prev));
        changed ||= removed.changed;
      }
      const containers = await log.run('containers', () =>
        this.applyContainers(spec, hash, running, ports.map, undo),
      );
      if (running) {
        const proxied = await log.run('routes', () =>
          this.applyRoutes(spec.name, routes, ports.map, certs.loaded, undo),
        );
        changed ||= proxied.changed;
      }
      changed ||= ports.changed || certs.changed || containers.changed;
    } catch (error) {
      this.ctx.logger.warn({ service: spec.name, err: messageOf(error) }, 'deploy failed; rolling back');
      const problems = await this.rollback(spec.name, undo);
      log.add(
        'rollback',
        problems.length === 0,
        problems.join('; '),
        problems.length ? '' : 'previous state restored',
      );
      return { steps: log.steps, changed: true, success: false };
    }
    const cleanup = await this.cleanup(spec, routes, prev, undo);
    if (cleanup.length) log.add('cleanup', false, cleanup.join('; '));
    this.ctx.store.putService(this.record(spec, hash, running, routes));
    this.ctx.logger.info(
      { service: spec.name, changed, running },
      changed ? 'service deployed' : 'service unchanged',
    );
    return { steps: log.steps, changed, success: true };
  }

  private async holdPorts(service: string, routes: PlannedRoute[], undo: Undo) {
    const { store, ports } = this.ctx;
    for (const r of routes) {
      const owner = store.routeOwner(r.internalHostname);
      if (owner !== undefined && owner !== service) {
        throw new Error(
          `internal name ${r.internalHostname} is already served by service ${owner}; rename the component`,
        );
      }
    }
    const held = store.portsOf(service);
    const map: Ports = new Map();
    let allocated = 0;
    for (const r of routes) {
      const existing = held.get(portKey(r));
      if (existing !== undefined) {
        map.set(portKey(r), existing);
        continue;
      }
      const taken = new Set(store.allPorts());
      for (let attempt = 0; ; attempt++) {
        const port = await ports.allocate(taken);
        try {
          store.holdPort(service, r.component, r.route, port);
        } catch (error) {
          // Another route took it between the check and the insert.
          if (attempt >= 5) throw error;
          taken.add(port);
          continue;
        }
        undo.heldPorts.push({ component: r.component, route: r.route });
        map.set(portKey(r), port);
        allocated++;
        break;
      }
    }
    return {
      map,
      changed: allocated > 0,
      detail: `${routes.length - allocated} kept, ${allocated} allocated`,
    };
  }

  private async ensureCertificates(service: string, routes: PlannedRoute[]) {
    const byComponent = new Map<string, string[]>();
    for (const r of routes.filter((r) => r.mode === 'l7')) {
      byComponent.set(r.component, [...(byComponent.get(r.component) ?? []), r.internalHostname]);
    }
    const loaded = new Map<string, LoadedCertificate>();
    for (const [component, hostnames] of byComponent) {
      loaded.set(component, await this.ctx.certs.ensure(service, hostnames));
    }
    const issued = [...loaded.values()].filter((c) => c.issued).map((c) => c.record.hostname);
    const detail = issued.length ? `issued ${issued.join(', ')}` : `${loaded.size} valid`;
    return { loaded, changed: issued.length > 0, detail };
  }

  private async applyContainers(spec: ServiceSpec, hash: string, running: boolean, ports: Ports, undo: Undo) {
    const { runtime, stopTimeoutSeconds } = this.ctx;
    const notes: string[] = [];
    for (const component of spec.components) {
      const name = containerName(spec.name, component.name);
      const wanted = this.containerSpec(spec.name, hash, component, ports);
      const current = await runtime.inspect(name);
      if (current && current.labels[LABELS.service] !== spec.name) {
        throw new Error(
          `container name ${name} is taken by a container MCP does not manage for ${spec.name}`,
        );
      }
      if (current && current.labels[LABELS.componentHash] === wanted.labels[LABELS.componentHash]) {
        if (running && current.state !== 'running') {
          await runtime.start(name);
          notes.push(`started ${name}`);
        } else if (!running && current.state === 'running') {
          await runtime.stop(name, stopTimeoutSeconds);
          notes.push(`stopped ${name}`);
        }
        continue;
      }
      if (current) {
        // Fetch the new image before the old container stops, so a bad tag
        // fails the deploy without any downtime.
        if (!(await runtime.imageExists(component.image))) await runtime.pull(component.image);
        const parkedAs = `${name}-mcp-previous`;
        await runtime.remove(parkedAs);
        await runtime.stop(name, stopTimeoutSeconds);
        await runtime.rename(name, parkedAs);
        undo.parked.push({ name, parkedAs, wasRunning: current.state === 'running' });
      }
      undo.created.push(name);
      if (running) await runtime.run(wanted);
      else await runtime.create(wanted);
      notes.push(`${current ? 'recreated' : 'created'} ${name}`);
    }
    return { changed: notes.length > 0, detail: notes.length ? notes.join(', ') : 'unchanged' };
  }

  private async applyRoutes(
    service: string,
    routes: PlannedRoute[],
    ports: Ports,
    certs: Map<string, LoadedCertificate>,
    undo: Undo,
  ) {
    const { proxy, bindAddress } = this.ctx;
    await proxy.ensureReady();
    const [presentRoutes, presentCerts] = await Promise.all([
      proxy.listRouteIds(),
      proxy.listCertificateIds(),
    ]);
    let updates = 0;
    for (const cert of certs.values()) {
      const id = proxyIds.certificate(cert.record.hostname);
      if (cert.issued || !presentCerts.has(id)) {
        await proxy.upsertCertificate({ id, certPem: cert.certPem, keyPem: cert.keyPem });
        updates++;
      }
    }
    for (const r of routes) {
      const id = proxyIds.route(service, r.component, r.route);
      // The route's content only depends on its hostname and host port, both
      // stable for the same route, so a present route is a current one.
      if (presentRoutes.has(id)) continue;
      await proxy.upsertRoute({
        id,
        hostnames: [r.internalHostname],
        upstream: hostPort(bindAddress, ports.get(portKey(r))!),
      });
      undo.addedRoutes.push(id);
      updates++;
    }
    return { changed: updates > 0, detail: updates ? `${updates} proxy entries added` : 'unchanged' };
  }

  private async removeRoutes(service: string, routes: PlannedRoute[], prev: ServiceState | undefined) {
    const ids = new Set(routes.map((r) => proxyIds.route(service, r.component, r.route)));
    for (const r of prev?.routes ?? []) ids.add(proxyIds.route(service, r.component, r.route));
    const present = await this.ctx.proxy.listRouteIds();
    const toRemove = [...ids].filter((id) => present.has(id));
    for (const id of toRemove) await this.ctx.proxy.removeRoute(id);
    return { changed: toRemove.length > 0, detail: `${toRemove.length} removed` };
  }

  private containerSpec(
    service: string,
    hash: string,
    component: ComponentSpec,
    ports: Ports,
  ): ContainerSpec {
    const routes = planRoutes({ name: service, components: [component] } as ServiceSpec, this.ctx.zone);
    const env: Record<string, string> = { ...component.env };
    const published = routes.map((r) => {
      env[r.envName] = String(r.port);
      return { hostIp: this.ctx.bindAddress, hostPort: ports.get(portKey(r))!, containerPort: r.port };
    });
    const componentHash = createHash('sha256')
      .update(
        JSON.stringify([
          component.image,
          component.cmd,
          sorted(env),
          component.volumes,
          component.user ?? '',
        ]),
      )
      .update(JSON.stringify([component.restart, component.network ?? '', published]))
      .digest('hex');
    return {
      name: containerName(service, component.name),
      image: component.image,
      labels: {
        [LABELS.service]: service,
        [LABELS.component]: component.name,
        [LABELS.specHash]: hash,
        [LABELS.componentHash]: componentHash,
      },
      env,
      volumes: component.volumes,
      cmd: component.cmd,
      user: component.user,
      restart: component.restart,
      network: component.network,
      ports: published,
    };
  }

  private async rollback(service: string, undo: Undo): Promise<string[]> {
    const problems: string[] = [];
    const attempt = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (error) {
        problems.push(`could not ${what}: ${messageOf(error)}`);
      }
    };
    for (const id of undo.addedRoutes)
      await attempt(`remove route ${id}`, () => this.ctx.proxy.removeRoute(id));
    for (const name of undo.created) await attempt(`remove ${name}`, () => this.ctx.runtime.remove(name));
    for (const p of undo.parked.reverse()) {
      await attempt(`restore ${p.name}`, async () => {
        await this.ctx.runtime.rename(p.parkedAs, p.name);
        if (p.wasRunning) await this.ctx.runtime.start(p.name);
      });
    }
    for (const p of undo.heldPorts) this.ctx.store.releasePort(service, p.component, p.route);
    return problems;
  }

  /** After success: drop parked containers and whatever the old spec had that the new one lacks. */
  private async cleanup(
    spec: ServiceSpec,
    routes: PlannedRoute[],
    prev: ServiceState | undefined,
    undo: Undo,
  ) {
    const service = spec.name;
    const problems: string[] = [];
    for (const p of undo.parked) {
      await this.ctx.runtime.remove(p.parkedAs).catch((e: unknown) => problems.push(messageOf(e)));
    }
    if (!prev) return problems;
    const keep = new Set(routes.map(portKey));
    const keepHosts = new Set(routes.map((r) => r.internalHostname));
    const keepComponents = new Set(spec.components.map((c) => c.name));
    for (const r of prev.routes.filter((r) => !keep.has(portKey(r)))) {
      await this.ctx.proxy
        .removeRoute(proxyIds.route(service, r.component, r.route))
        .catch((e: unknown) => problems.push(messageOf(e)));
      this.ctx.store.releasePort(service, r.component, r.route);
    }
    for (const c of this.ctx.store.listCertificates(service).filter((c) => !keepHosts.has(c.hostname))) {
      await this.ctx.proxy
        .removeCertificate(proxyIds.certificate(c.hostname))
        .catch((e: unknown) => problems.push(messageOf(e)));
      await this.ctx.certs.remove(c.hostname);
    }
    for (const c of prev.components.filter((c) => !keepComponents.has(c.name))) {
      await this.ctx.runtime.remove(c.containerName).catch((e: unknown) => problems.push(messageOf(e)));
    }
    return problems;
  }

  private record(spec: ServiceSpec, hash: string, running: boolean, routes: PlannedRoute[]): ServiceState {
    const ports = this.ctx.store.portsOf(spec.name);
    return {
      service: {
        name: spec.name,
        specJson: JSON.stringify(spec),
        specHash: hash,
        active: running,
        updatedAt: this.ctx.now().toISOString(),
      },
      components: spec.components.map((c) => ({
        service: spec.name,
        name: c.name,
        containerName: containerName(spec.name, c.name),
        image: c.image,
        componentHash: this.containerSpec(spec.name, hash, c, ports).labels[LABELS.componentHash]!,
      })),
      routes: routes.map((r) => ({
        service: spec.name,
        component: r.component,
        route: r.route,
        port: r.port,
        mode: r.mode,
        hostname: r.internalHostname,
        public: r.public,
        hostPort: ports.get(portKey(r))!,
      })),
    };
  }
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function sorted(env: Record<string, string>): [string, string][] {
  return Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1));
}
