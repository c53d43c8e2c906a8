import { describe, expect, it } from '@jest/globals';
import { ServiceSpec as ProtoServiceSpec } from '@mcp/proto';
import { parseServiceSpec } from './parseServiceSpec.js';
import { hashSpec } from './hashSpec.js';
import { specFromProto } from './specFromProto.js';
import { specToProto } from './specToProto.js';
import { errorLines, specErrorOf } from './testing/errors.js';

const source = `name = "hello"
node = "orion"

[[components]]
name = "web"
image = "busybox:1.36"
volumes = ["/srv/hello:/data:ro"]
cmd = ["httpd", "-f", "-p", "8080"]
env = { GREETING = "hi", EMPTY = "" }
user = "1000:1000"
network = "mcp"

[[components.routes]]
name = "http"
port = 8080
public = true
hostname = "hello.metacircular.net"

[[components.routes]]
name = "metrics"
port = 9100
mode = "l4"

[[components]]
name = "sidecar"
image = "busybox:1.36"
`;

const validProto = (): ProtoServiceSpec => specToProto(parseServiceSpec(source));

describe('specToProto / specFromProto', () => {
  it('round-trips toml → spec → proto → spec, hash included', () => {
    const spec = parseServiceSpec(source);
    const back = specFromProto(specToProto(spec));
    expect(back).toEqual(spec);
    expect(hashSpec(back)).toBe(hashSpec(spec));
  });

  it('survives the wire encoding', () => {
    const spec = parseServiceSpec(source);
    const wire = ProtoServiceSpec.encode(specToProto(spec)).finish();
    expect(specFromProto(ProtoServiceSpec.decode(wire))).toEqual(spec);
  });

  it('writes unset fields as empty strings and defaults out', () => {
    const proto = specToProto(
      parseServiceSpec('name = "a"\ncomponents = [{ name = "b", image = "c:1", routes = [{ port = 80 }] }]'),
    );
    expect(proto).toEqual({
      name: 'a',
      active: true,
      tier: 'worker',
      node: '',
      strategy: 'rolling',
      components: [
        {
          name: 'b',
          image: 'c:1',
          volumes: [],
          cmd: [],
          env: {},
          user: '',
          restart: 'unless-stopped',
          network: '',
          health: { path: '', interval: '1000ms', timeout: '5000ms', deadline: '30000ms', drain: '30000ms' },
          routes: [{ name: '', port: 80, mode: 'l7', hostname: '', public: false }],
        },
      ],
    });
  });

  it('reads empty strings as unset, so the defaults apply', () => {
    const proto = ProtoServiceSpec.fromPartial({
      name: 'a',
      active: true,
      components: [{ name: 'b', image: 'c:1', routes: [{ port: 80 }] }],
    });
    expect(specFromProto(proto)).toEqual(
      parseServiceSpec('name = "a"\ncomponents = [{ name = "b", image = "c:1", routes = [{ port = 80 }] }]'),
    );
  });

  it('round-trips strategy and health', () => {
    const spec = parseServiceSpec(
      'name = "a"\nstrategy = "recreate"\n[[components]]\nname = "b"\nimage = "c:1"\n' +
        'health = { path = "/up", interval = "200ms", drain = "0s" }\n[[components.routes]]\nport = 80\n',
    );
    expect(specFromProto(specToProto(spec))).toEqual(spec);
  });

  it('takes active = false as sent', () => {
    expect(specFromProto({ ...validProto(), active: false }).active).toBe(false);
  });

  it.each<[string, (proto: ProtoServiceSpec) => void, string[]]>([
    [
      'an image without tag',
      (p) => (p.components[0]!.image = 'busybox'),
      ['components[0].image: must carry an explicit tag (e.g. "busybox:1.36") or a digest, got "busybox"'],
    ],
    ['an empty name', (p) => (p.name = ''), ['name: is required']],
    ['an empty image', (p) => (p.components[1]!.image = ''), ['components[1].image: is required']],
    [
      'a port of 0',
      (p) => (p.components[0]!.routes[1]!.port = 0),
      ['components[0].routes[1].port: must be an integer from 1 to 65535, got 0'],
    ],
    ['a bad tier', (p) => (p.tier = 'gold'), ['tier: must be "core" or "worker", got "gold"']],
    [
      'a bad mode',
      (p) => (p.components[0]!.routes[0]!.mode = 'l8'),
      ['components[0].routes[0].mode: must be "l4" or "l7", got "l8"'],
    ],
    [
      'an unnamed second route',
      (p) => (p.components[0]!.routes[1]!.name = ''),
      ['components[0].routes[1].name: is required when a component has more than one route'],
    ],
    [
      'a PORT env',
      (p) => (p.components[1]!.env = { PORT: '1' }),
      ['components[1].env.PORT: is set by MCP from the routes (PORT, PORT_<NAME>) and cannot be set here'],
    ],
    ['no components', (p) => (p.components = []), ['components: at least one component is required']],
    [
      'several problems at once',
      (p) => {
        p.name = 'Hello';
        p.components[0]!.restart = 'sometimes';
        p.components[0]!.routes[0]!.hostname = '';
      },
      [
        'name: must be a DNS label (lowercase a-z, 0-9 and "-", 1-63 characters, not starting or ending with "-"), got "Hello"',
        'components[0].restart: must be "no", "always", "on-failure", "on-failure:N" or "unless-stopped", got "sometimes"',
        'components[0].routes[0].hostname: is required for a public route',
      ],
    ],
  ])('validates with the file rules: %s', (_, spoil, lines) => {
    const proto = validProto();
    spoil(proto);
    expect(errorLines(() => specFromProto(proto))).toEqual(lines);
    expect(
      specErrorOf(() => specFromProto(proto)).issues.every(
        (issue) => issue.file === undefined && issue.line === undefined,
      ),
    ).toBe(true);
  });
});
