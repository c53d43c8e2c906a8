/** Where a service runs: `core` on the master node, `worker` placed automatically. */
export type Tier = 'core' | 'worker';

/** How the node proxy serves a route: `l7` terminates TLS, `l4` passes TCP through. */
export type RouteMode = 'l4' | 'l7';

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
