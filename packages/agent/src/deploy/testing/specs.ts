import { parseServiceSpec, type ServiceSpec } from '@mcp/spec';
import type { ContainerSpec } from '../../runtime/ContainerRuntime.js';

/** Images the harness's registry has. */
export const IMAGES = {
  v1: 'localhost/mcp-test/httpd:v1.0.0',
  v2: 'localhost/mcp-test/httpd:v1.0.1',
  api: 'localhost/mcp-test/api:v1.0.0',
  /** For containers MCP did not make. */
  busybox: 'busybox:1.36',
} as const;

/** Internal names in the harness's zone. */
export const host = (component: string): string => `${component}.svc.mcp.fleet.test`;
export const certId = (component: string): string => `mcp-cert.${host(component)}`;

/** What a test service is made of. */
export interface TestService {
  /** Default `hello`. */
  name?: string;
  /** Image of component `web` (route 8080). Default {@link IMAGES.v1}. */
  web?: string;
  /** Image of component `api` (route 9090); absent means no such component. */
  api?: string;
  /** Default true. */
  active?: boolean;
  /** Default `rolling`, the file's default. */
  strategy?: 'rolling' | 'recreate';
  /** TOML of component `web`'s health table, e.g. `drain = "0s"`. Default none. */
  health?: string;
}

/** A service spec, read as a service file is. */
export function service({
  name = 'hello',
  web = IMAGES.v1,
  api,
  active = true,
  strategy = 'rolling',
  health,
}: TestService = {}): ServiceSpec {
  const component = (component: string, image: string, port: number, extra = '') =>
    `[[components]]\nname = "${component}"\nimage = "${image}"\n${extra}[[components.routes]]\nport = ${port}\n`;
  const webTable = component('web', web, 8080, health ? `health = { ${health} }\n` : '');
  return parseServiceSpec(
    `name = "${name}"\nactive = ${active}\nstrategy = "${strategy}"\n${webTable}${api ? component('api', api, 9090) : ''}`,
  );
}

/** A container spec with nothing published, no env and no labels but those in `patch`. */
export const containerSpec = (
  name: string,
  image: string,
  patch: Partial<ContainerSpec> = {},
): ContainerSpec => ({
  name,
  image,
  labels: {},
  env: {},
  volumes: [],
  cmd: [],
  restart: 'no',
  ports: [],
  ...patch,
});
