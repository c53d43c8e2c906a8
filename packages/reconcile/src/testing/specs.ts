// Small specs and nodes for the planners' tests.
import { parseServiceSpec, type ServiceSpec } from '@mcp/spec';
import type { DeployNode, PlacedService } from '../planDeploy.js';

/** A one-component service; `component` defaults to the service name. */
export function spec(
  name: string,
  options: {
    component?: string;
    image?: string;
    tier?: 'core' | 'worker';
    node?: string;
    routes?: number;
    /** A public hostname for the (first) route. */
    public?: string;
  } = {},
): ServiceSpec {
  const head = [
    `name = "${name}"`,
    options.tier ? `tier = "${options.tier}"` : '',
    options.node ? `node = "${options.node}"` : '',
  ].join('\n');
  const routes = options.routes ?? 1;
  const pub = (i: number) =>
    i === 0 && options.public ? `public = true\nhostname = "${options.public}"\n` : '';
  const routeTables = Array.from({ length: routes }, (_, i) =>
    routes > 1
      ? `[[components.routes]]\nname = "r${i}"\nport = ${8080 + i}\n${pub(i)}`
      : `[[components.routes]]\nport = 8080\n${pub(i)}`,
  ).join('');
  return parseServiceSpec(
    `${head}\n[[components]]\nname = "${options.component ?? name}"\nimage = "${options.image ?? 'busybox:1.36'}"\n${routeTables}`,
  );
}

export const NODES: DeployNode[] = [
  { name: 'rift', role: 'master', healthy: true, containers: 3, address: '100.64.0.1:9444', proxyPort: 443 },
  { name: 'orion', role: 'worker', healthy: true, containers: 1, address: '100.64.0.2:9444', proxyPort: 443 },
  {
    name: 'hyperborea',
    role: 'worker',
    healthy: true,
    containers: 2,
    address: '100.64.0.3:9444',
    proxyPort: 443,
  },
  { name: 'svc', role: 'edge', healthy: true, containers: 0, address: '100.64.0.4:9444', proxyPort: 443 },
];

export function placed(s: ServiceSpec, node: string, specHash: string): PlacedService {
  return { service: s.name, node, specHash, spec: s };
}
