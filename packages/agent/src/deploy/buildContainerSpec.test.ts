import { describe, expect, it } from '@jest/globals';
import { HEALTH_DEFAULTS, type ComponentSpec } from '@mcp/spec';
import { LABELS } from './AgentContext.js';
import { buildContainerSpec, type ContainerSpecInput } from './buildContainerSpec.js';

const web: ComponentSpec = {
  name: 'web',
  image: 'localhost/mcp-test/httpd:v1.0.0',
  volumes: ['/srv/web:/data', '/srv/logs:/logs'],
  cmd: ['httpd', '-f'],
  env: { GREETING: 'hello', COLOUR: 'blue' },
  restart: 'unless-stopped',
  routes: [{ port: 8080, mode: 'l7', public: false }],
  health: { ...HEALTH_DEFAULTS },
};

const base: ContainerSpecInput = {
  service: 'hello',
  specHash: 'spec-1',
  component: web,
  hostPorts: new Map([['web/', 20000]]),
  zone: 'fleet.test',
  bindAddress: '127.0.0.1',
};

type Change = (input: ContainerSpecInput) => ContainerSpecInput;
const component =
  (patch: Partial<ComponentSpec>): Change =>
  (input) => ({ ...input, component: { ...input.component, ...patch } });
const route = (patch: Partial<ComponentSpec['routes'][number]>): Change =>
  component({ routes: [{ ...web.routes[0]!, ...patch }] });
const hashOf = (input: ContainerSpecInput) => buildContainerSpec(input).labels[LABELS.componentHash];

describe('buildContainerSpec', () => {
  it('names, labels, sets PORT and publishes the route on the bind address', () => {
    expect(buildContainerSpec(base)).toEqual({
      name: 'mcp-hello-web',
      image: 'localhost/mcp-test/httpd:v1.0.0',
      labels: {
        'mcp.service': 'hello',
        'mcp.component': 'web',
        'mcp.spec-hash': 'spec-1',
        'mcp.component-hash': expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      env: { GREETING: 'hello', COLOUR: 'blue', PORT: '8080' },
      volumes: ['/srv/web:/data', '/srv/logs:/logs'],
      cmd: ['httpd', '-f'],
      user: undefined,
      restart: 'unless-stopped',
      network: undefined,
      ports: [{ hostIp: '127.0.0.1', hostPort: 20000, containerPort: 8080 }],
    });
  });

  it('names the port variable after a named route', () => {
    const named = buildContainerSpec({
      ...base,
      component: { ...web, routes: [{ name: 'admin-api', port: 9090, mode: 'l7', public: false }] },
      hostPorts: new Map([['web/admin-api', 20001]]),
    });
    expect(named.env.PORT_ADMIN_API).toBe('9090');
    expect(named.ports).toEqual([{ hostIp: '127.0.0.1', hostPort: 20001, containerPort: 9090 }]);
  });

  // A container whose component hash matches is kept as it is: the hash must
  // change with everything the container is made from, and with nothing else.
  it.each<[string, 'changes' | 'keeps', Change]>([
    ['the image', 'changes', component({ image: 'localhost/mcp-test/httpd:v1.0.1' })],
    ['the command', 'changes', component({ cmd: ['httpd', '-v'] })],
    ['the order of the arguments', 'changes', component({ cmd: ['-f', 'httpd'] })],
    ['an env value', 'changes', component({ env: { GREETING: 'hi', COLOUR: 'blue' } })],
    ['the set of env entries', 'changes', component({ env: { ...web.env, EXTRA: '1' } })],
    ['the volumes', 'changes', component({ volumes: ['/srv/other:/data'] })],
    ['the order of volumes', 'changes', component({ volumes: [...web.volumes].reverse() })],
    ['the user', 'changes', component({ user: '1000:1000' })],
    ['the restart policy', 'changes', component({ restart: 'always' })],
    ['the network', 'changes', component({ network: 'mcp' })],
    ['the container port', 'changes', route({ port: 8081 })],
    ['the host port', 'changes', (i) => ({ ...i, hostPorts: new Map([['web/', 20001]]) })],
    ['the bind address', 'changes', (i) => ({ ...i, bindAddress: '100.64.0.2' })],
    ['the order of env entries', 'keeps', component({ env: { COLOUR: 'blue', GREETING: 'hello' } })],
    ['the service spec hash', 'keeps', (i) => ({ ...i, specHash: 'spec-2' })],
    ['the zone', 'keeps', (i) => ({ ...i, zone: 'other.test' })],
    ['the route to public', 'keeps', route({ public: true, hostname: 'www.example.com' })],
    [
      "another component's host ports",
      'keeps',
      (i) => ({ ...i, hostPorts: new Map([...i.hostPorts, ['api/', 20005]]) }),
    ],
  ])('changing %s %s the component hash', (_, verdict, change) => {
    expect(hashOf(change(base)) === hashOf(base) ? 'keeps' : 'changes').toBe(verdict);
  });

  it('records the spec hash as its own label', () => {
    expect(buildContainerSpec({ ...base, specHash: 'spec-2' }).labels[LABELS.specHash]).toBe('spec-2');
  });

  it('refuses a route without a host port (a caller bug, not a silent "undefined" port)', () => {
    expect(() => buildContainerSpec({ ...base, hostPorts: new Map() })).toThrow(
      'no host port for hello web/',
    );
  });
});
