/** Where a service runs: `core` on the master node, `worker` placed automatically. */
export type Tier = 'core' | 'worker';

/** How the node proxy serves a route: `l7` terminates TLS, `l4` passes TCP through. */
export type RouteMode = 'l4' | 'l7';

/**
 * How a redeploy replaces a component's container: `rolling` starts the new
 * one beside the old and switches the route once it is healthy; `recreate`
 * stops the old one first. A component without routes is always recreated.
 */
export type Strategy = 'rolling' | 'recreate';

/** A podman restart policy. */
export type RestartPolicy = 'no' | 'always' | 'on-failure' | `on-failure:${number}` | 'unless-stopped';

/** A validated service definition, with every default applied. */
export interface ServiceSpec {
  /** DNS label; equal to the file name without `.toml`. */
  name: string;
  /** Whether the service should run. Default true. */
  active: boolean;
  /** Default `worker`. */
  tier: Tier;
  /** The node the service is pinned to; unset means placed by tier. */
  node?: string;
  /** Default `rolling`. */
  strategy: Strategy;
  /** At least one; names unique within the service. */
  components: ComponentSpec[];
}

/** One container of a service. */
export interface ComponentSpec {
  /** DNS label; the container is `mcp-<service>-<component>`. */
  name: string;
  /** Image with an explicit tag other than `latest`, or a digest. */
  image: string;
  /** `host:container[:options]` mounts. Default none. */
  volumes: string[];
  /** Command and arguments; empty keeps the image's. */
  cmd: string[];
  /** Environment; never `PORT` or `PORT_*`, which MCP sets from the routes. */
  env: Record<string, string>;
  /** `uid[:gid]` or `user[:group]`; unset keeps the image's. */
  user?: string;
  /** Default `unless-stopped`. */
  restart: RestartPolicy;
  /** podman network; unset means podman's default. */
  network?: string;
  /** Ports the node proxy serves. Default none. */
  routes: RouteSpec[];
  /** When a new container counts as healthy; every timing has its default. */
  health: HealthSpec;
}

/**
 * A component's health check, in milliseconds. With `path`, an HTTP GET of
 * it on the component's first route answering 2xx or 3xx is healthy;
 * without, every route port accepting a TCP connection is.
 */
export interface HealthSpec {
  /** Absolute HTTP path such as `/healthz`; unset means the TCP check. */
  path?: string;
  /** Between checks. Default 1 000. */
  interval: number;
  /** One check's limit. Default 5 000. */
  timeout: number;
  /** Not healthy by then fails the deploy. Default 30 000. */
  deadline: number;
  /** How long the old container keeps serving requests in flight after the switch. Default 30 000. */
  drain: number;
}

/** A port of a component served by the node proxy (and the edge, if public). */
export interface RouteSpec {
  /** DNS label; required when the component has more than one route. */
  name?: string;
  /** The port the container listens on, 1-65535. */
  port: number;
  /** Default `l7`. */
  mode: RouteMode;
  /** Public hostname; required when `public` is true. */
  hostname?: string;
  /** Whether the edge serves this route to the internet. Default false. */
  public: boolean;
}
