import { describe, expect, it } from '@jest/globals';
import { parseServiceSpec } from './parseServiceSpec.js';
import type { ServiceSpec } from './serviceTypes.js';
import { errorLines, specErrorOf } from './testing/errors.js';

/** A valid service with one line of extra TOML at line 2 (top), 7 (component) or 11 (route). */
const service = ({ top = '', component = '', route = '' } = {}): string => `name = "hello"
${top}

[[components]]
name = "web"
image = "busybox:1.36"
${component}

[[components.routes]]
port = 8080
${route}
`;

const parse = (source: string): ServiceSpec =>
  parseServiceSpec(source, { file: 'hello.toml', expectedName: 'hello' });

const minimal: ServiceSpec = {
  name: 'hello',
  active: true,
  tier: 'worker',
  strategy: 'rolling',
  components: [
    {
      name: 'web',
      image: 'busybox:1.36',
      volumes: [],
      cmd: [],
      env: {},
      restart: 'unless-stopped',
      routes: [{ port: 8080, mode: 'l7', public: false }],
      health: { interval: 1000, timeout: 5000, deadline: 30_000, drain: 30_000 },
    },
  ],
};
const component = minimal.components[0]!;
const route = component.routes[0]!;
const withComponent = (extra: object): ServiceSpec => ({
  ...minimal,
  components: [{ ...component, ...extra }],
});
const withRoute = (extra: object): ServiceSpec => withComponent({ routes: [{ ...route, ...extra }] });

describe('parseServiceSpec accepts', () => {
  it.each<[string, string, ServiceSpec]>([
    ['a minimal service, with every default applied', service(), minimal],
    ['explicit defaults', service({ top: 'active = true\ntier = "worker"' }), minimal],
    [
      'an inactive core service',
      service({ top: 'active = false\ntier = "core"' }),
      { ...minimal, active: false, tier: 'core' },
    ],
    ['a pin', service({ top: 'node = "orion"' }), { ...minimal, node: 'orion' }],
    [
      'volumes: paths, named volumes, options',
      service({ component: 'volumes = ["/srv/hello:/data", "cache:/var/cache:ro,Z"]' }),
      withComponent({ volumes: ['/srv/hello:/data', 'cache:/var/cache:ro,Z'] }),
    ],
    ['cmd', service({ component: 'cmd = ["httpd", "-f", ""]' }), withComponent({ cmd: ['httpd', '-f', ''] })],
    [
      'env, including empty values and lowercase names',
      service({ component: 'env = { LOG = "debug", _x = "", port = "lower case is not PORT" }' }),
      withComponent({ env: { LOG: 'debug', _x: '', port: 'lower case is not PORT' } }),
    ],
    ['a uid:gid user', service({ component: 'user = "1000:1000"' }), withComponent({ user: '1000:1000' })],
    ['a named user', service({ component: 'user = "www-data"' }), withComponent({ user: 'www-data' })],
    [
      'restart on-failure:N',
      service({ component: 'restart = "on-failure:3"' }),
      withComponent({ restart: 'on-failure:3' }),
    ],
    ['restart no', service({ component: 'restart = "no"' }), withComponent({ restart: 'no' })],
    ['a network', service({ component: 'network = "mcp"' }), withComponent({ network: 'mcp' })],
    ['an l4 route', service({ route: 'mode = "l4"' }), withRoute({ mode: 'l4' })],
    [
      'a private route with a hostname',
      service({ route: 'hostname = "hello.lan"' }),
      withRoute({ hostname: 'hello.lan' }),
    ],
    [
      'a public route',
      service({ route: 'public = true\nhostname = "hello.metacircular.net"' }),
      withRoute({ public: true, hostname: 'hello.metacircular.net' }),
    ],
    ['a single named route', service({ route: 'name = "http"' }), withRoute({ name: 'http' })],
    [
      'a component without routes',
      'name = "hello"\n[[components]]\nname = "web"\nimage = "busybox:1.36"\n',
      withComponent({ routes: [] }),
    ],
    [
      'inline tables',
      'name = "hello"\ncomponents = [{ name = "web", image = "busybox:1.36", routes = [{ port = 8080 }] }]\n',
      minimal,
    ],
    ['strategy recreate', service({ top: 'strategy = "recreate"' }), { ...minimal, strategy: 'recreate' }],
    [
      'a health check with every timing',
      service({
        component:
          'health = { path = "/healthz?full=1", interval = "250ms", timeout = "1s", deadline = "1m", drain = "0s" }',
      }),
      withComponent({
        health: { path: '/healthz?full=1', interval: 250, timeout: 1000, deadline: 60_000, drain: 0 },
      }),
    ],
    [
      'a deadline shorter than the default timeout, which shortens with it',
      service({ component: 'health = { deadline = "2s" }' }),
      withComponent({ health: { ...component.health, deadline: 2000, timeout: 2000 } }),
    ],
    [
      'a health table after the routes',
      `${service()}[components.health]\npath = "/ready"\n`,
      withComponent({ health: { ...component.health, path: '/ready' } }),
    ],
  ])('%s', (_, source, expected) => {
    expect(parse(source)).toEqual(expected);
  });

  it('several named routes and components', () => {
    const spec = parse(`name = "hello"
[[components]]
name = "api"
image = "mcr.example:8443/team/api:v1.2@sha256:${'a'.repeat(64)}"
[[components.routes]]
name = "http"
port = 8080
[[components.routes]]
name = "admin-api"
port = 9090
mode = "l4"
[[components]]
name = "worker"
image = "localhost/worker:2024-01"
`);
    expect(spec.components.map((c) => c.name)).toEqual(['api', 'worker']);
    expect(spec.components[0]!.routes.map((r) => r.name)).toEqual(['http', 'admin-api']);
  });
});

describe('parseServiceSpec refuses', () => {
  it.each<[string, string, string[]]>([
    [
      'an unknown strategy',
      service({ top: 'strategy = "blue-green"' }),
      ['hello.toml:2: strategy: must be "rolling" or "recreate", got "blue-green"'],
    ],
    [
      'a relative health path',
      service({ component: 'health = { path = "healthz" }' }),
      [
        'hello.toml:7: components[0].health.path: must be an absolute HTTP path such as "/healthz" (no spaces), got "healthz"',
      ],
    ],
    [
      'a zero interval and a timing that is not a duration',
      service({ component: 'health = { interval = "0s", deadline = 30 }' }),
      [
        'hello.toml:7: components[0].health.interval: must be a positive duration such as "500ms", "30s", "5m" or "1h", got "0s"',
        'hello.toml:7: components[0].health.deadline: must be a string, got 30',
      ],
    ],
    [
      'a timeout longer than the deadline',
      service({ component: 'health = { timeout = "10s", deadline = "5s" }' }),
      ['hello.toml:7: components[0].health.timeout: must not be longer than deadline (5000 ms)'],
    ],
    [
      'an unknown health key',
      service({ component: 'health = { pth = "/x" }' }),
      ['hello.toml:7: components[0].health.pth: unknown key (did you mean "path"?)'],
    ],
    [
      'a health path on a component without routes',
      'name = "hello"\n[[components]]\nname = "web"\nimage = "busybox:1.36"\nhealth = { path = "/x" }\n',
      [
        "hello.toml:5: components[0].health.path: needs a route: the check is a GET to the component's first route port",
      ],
    ],
    [
      'a bad tier',
      service({ top: 'tier = "edge"' }),
      ['hello.toml:2: tier: must be "core" or "worker", got "edge"'],
    ],
    [
      'a date where a string belongs',
      service({ top: 'tier = 1979-05-27' }),
      ['hello.toml:2: tier: must be "core" or "worker", got a date'],
    ],
    [
      'a non-boolean active',
      service({ top: 'active = "yes"' }),
      ['hello.toml:2: active: must be true or false, got "yes"'],
    ],
    [
      'a node that is not a DNS label',
      service({ top: 'node = "Rift"' }),
      [
        'hello.toml:2: node: must be a DNS label (lowercase a-z, 0-9 and "-", 1-63 characters, not starting or ending with "-"), got "Rift"',
      ],
    ],
    [
      'a name that does not match the file',
      service().replace('"hello"', '"helo"'),
      [
        'hello.toml:1: name: must match the file name "hello" (mcp finds a service by its file name), got "helo"',
      ],
    ],
    [
      'a name with a trailing hyphen',
      service().replace('"hello"', '"hello-"'),
      [
        'hello.toml:1: name: must be a DNS label (lowercase a-z, 0-9 and "-", 1-63 characters, not starting or ending with "-"), got "hello-"',
      ],
    ],
    [
      'an unknown top-level key',
      service({ top: 'nmae = "x"' }),
      ['hello.toml:2: nmae: unknown key (did you mean "name"?)'],
    ],
    [
      'an unknown component key',
      service({ component: 'imag = "x"' }),
      ['hello.toml:7: components[0].imag: unknown key (did you mean "image"?)'],
    ],
    [
      'an unknown route key',
      service({ route: 'prot = 1' }),
      ['hello.toml:11: components[0].routes[0].prot: unknown key (did you mean "port"?)'],
    ],
    [
      'an unknown key with no near match',
      service({ route: 'weight = 1' }),
      ['hello.toml:11: components[0].routes[0].weight: unknown key'],
    ],
    [
      'a relative volume',
      service({ component: 'volumes = ["./data:/data"]' }),
      [
        'hello.toml:7: components[0].volumes[0]: host part must be an absolute path or a volume name, got "./data:/data"',
      ],
    ],
    [
      'volumes not an array',
      service({ component: 'volumes = "/a:/b"' }),
      ['hello.toml:7: components[0].volumes: must be an array, got "/a:/b"'],
    ],
    [
      'a non-string cmd',
      service({ component: 'cmd = ["sh", 1]' }),
      ['hello.toml:7: components[0].cmd[1]: must be a string, got 1'],
    ],
    [
      'a bad env name',
      service({ component: 'env = { "1X" = "a" }' }),
      [
        'hello.toml:7: components[0].env.1X: is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)',
      ],
    ],
    [
      'an env name that needs quotes',
      service({ component: '[components.env]\n"a.b" = "x"' }),
      [
        'hello.toml:8: components[0].env."a.b": is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)',
      ],
    ],
    [
      'env PORT',
      service({ component: 'env = { PORT = "80" }' }),
      [
        'hello.toml:7: components[0].env.PORT: is set by MCP from the routes (PORT, PORT_<NAME>) and cannot be set here',
      ],
    ],
    [
      'env PORT_*',
      service({ component: 'env = { PORT_API = "80" }' }),
      [
        'hello.toml:7: components[0].env.PORT_API: is set by MCP from the routes (PORT, PORT_<NAME>) and cannot be set here',
      ],
    ],
    [
      'a non-string env value',
      service({ component: 'env = { N = 3 }' }),
      ['hello.toml:7: components[0].env.N: must be a string, got 3'],
    ],
    [
      'env not a table',
      service({ component: 'env = ["A=b"]' }),
      ['hello.toml:7: components[0].env: must be a table, got an array'],
    ],
    [
      'a bad user',
      service({ component: 'user = "a b"' }),
      ['hello.toml:7: components[0].user: must be "uid[:gid]" or "user[:group]", got "a b"'],
    ],
    [
      'a bad restart policy',
      service({ component: 'restart = "on-failure:0"' }),
      [
        'hello.toml:7: components[0].restart: must be "no", "always", "on-failure", "on-failure:N" or "unless-stopped", got "on-failure:0"',
      ],
    ],
    [
      'a bad network',
      service({ component: 'network = "my net"' }),
      ['hello.toml:7: components[0].network: must be a podman network name, got "my net"'],
    ],
    [
      'a bad mode',
      service({ route: 'mode = "l8"' }),
      ['hello.toml:11: components[0].routes[0].mode: must be "l4" or "l7", got "l8"'],
    ],
    [
      'port 0',
      service().replace('8080', '0'),
      ['hello.toml:10: components[0].routes[0].port: must be an integer from 1 to 65535, got 0'],
    ],
    [
      'port 65536',
      service().replace('8080', '65536'),
      ['hello.toml:10: components[0].routes[0].port: must be an integer from 1 to 65535, got 65536'],
    ],
    [
      'a string port',
      service().replace('8080', '"80"'),
      ['hello.toml:10: components[0].routes[0].port: must be an integer from 1 to 65535, got "80"'],
    ],
    [
      'a fractional port',
      service().replace('8080', '80.5'),
      ['hello.toml:10: components[0].routes[0].port: must be an integer from 1 to 65535, got 80.5'],
    ],
    [
      'a missing port',
      service().replace('port = 8080', 'mode = "l7"'),
      ['hello.toml:9: components[0].routes[0].port: is required'],
    ],
    [
      'an uppercase hostname',
      service({ route: 'hostname = "Hello.example.net"' }),
      [
        'hello.toml:11: components[0].routes[0].hostname: must be a lowercase DNS name such as "www.example.net", got "Hello.example.net"',
      ],
    ],
    [
      'a public route without hostname',
      service({ route: 'public = true' }),
      ['hello.toml:9: components[0].routes[0].hostname: is required for a public route'],
    ],
    [
      'a public l4 route',
      service({ route: 'public = true\nmode = "l4"\nhostname = "a.example.net"' }),
      ['hello.toml:12: components[0].routes[0].mode: must be "l7" for a public route, got "l4"'],
    ],
    [
      'a route name that is not a DNS label',
      service({ route: 'name = "API"' }),
      [
        'hello.toml:11: components[0].routes[0].name: must be a DNS label (lowercase a-z, 0-9 and "-", 1-63 characters, not starting or ending with "-"), got "API"',
      ],
    ],
    [
      'a missing component name',
      service().replace('name = "web"', ''),
      ['hello.toml:4: components[0].name: is required'],
    ],
    ['a missing name', service().replace('name = "hello"', ''), ['hello.toml: name: is required']],
    ['no components', 'name = "hello"\n', ['hello.toml: components: at least one component is required']],
    [
      'an empty components array',
      'name = "hello"\ncomponents = []\n',
      ['hello.toml:2: components: at least one component is required'],
    ],
    [
      'components as a table',
      'name = "hello"\n[components]\nname = "web"\n',
      [
        'hello.toml:2: components: must be an array of tables, got a table',
        'hello.toml:2: components: at least one component is required',
      ],
    ],
    [
      'a component that is not a table',
      'name = "hello"\ncomponents = [1]\n',
      ['hello.toml:2: components[0]: must be a table, got 1'],
    ],
  ])('%s', (_, source, lines) => {
    expect(errorLines(() => parse(source))).toEqual(lines);
  });

  it.each<[string, string, string[]]>([
    [
      'duplicate component names',
      'name = "hello"\n[[components]]\nname = "web"\nimage = "a:1"\n[[components]]\nname = "web"\nimage = "b:1"\n',
      ['hello.toml:6: components[1].name: duplicate component name "web" (also components[0])'],
    ],
    [
      'two unnamed routes',
      'name = "hello"\n[[components]]\nname = "web"\nimage = "a:1"\nroutes = [{ port = 80 },\n  { port = 81 }]\n',
      [
        'hello.toml:5: components[0].routes[0].name: is required when a component has more than one route',
        'hello.toml:6: components[0].routes[1].name: is required when a component has more than one route',
      ],
    ],
    [
      'duplicate route names',
      'name = "hello"\n[[components]]\nname = "web"\nimage = "a:1"\nroutes = [{ name = "x", port = 80 }, { name = "x", port = 81 }]\n',
      ['hello.toml:5: components[0].routes[1].name: duplicate route name "x" (also routes[0])'],
    ],
    [
      'a public hostname used twice',
      `name = "hello"
[[components]]
name = "a"
image = "a:1"
routes = [{ port = 80, public = true, hostname = "x.example.net" }]
[[components]]
name = "b"
image = "b:1"
[[components.routes]]
port = 80
public = true
hostname = "x.example.net"
`,
      [
        'hello.toml:12: components[1].routes[0].hostname: "x.example.net" is already the hostname of components[0].routes[0]',
      ],
    ],
  ])('%s', (_, source, lines) => {
    expect(errorLines(() => parse(source))).toEqual(lines);
  });

  it('reports every problem of a file together, in line order', () => {
    const source = `name = "hello"
tier = "wrker"

[[components]]
name = "web"
image = "busybox:latest"
volumes = ["/srv/hello:/data", "./x:/y"]

[[components.routes]]
port = 8080
mode = "l8"

[[components.routes]]
name = "admin"
port = 70000
imag = 1
`;
    const error = specErrorOf(() => parse(source));
    expect(error.code).toBe('INVALID');
    expect(error.message.split('\n')).toEqual([
      'hello.toml:2: tier: must be "core" or "worker", got "wrker"',
      'hello.toml:6: components[0].image: must not use the tag "latest"; pin a version or a digest, got "busybox:latest"',
      'hello.toml:7: components[0].volumes[1]: host part must be an absolute path or a volume name, got "./x:/y"',
      'hello.toml:11: components[0].routes[0].mode: must be "l4" or "l7", got "l8"',
      'hello.toml:15: components[0].routes[1].port: must be an integer from 1 to 65535, got 70000',
      'hello.toml:16: components[0].routes[1].imag: unknown key',
    ]);
    expect(error.issues[0]).toEqual({
      file: 'hello.toml',
      line: 2,
      path: 'tier',
      message: 'must be "core" or "worker", got "wrker"',
    });
  });

  it('turns TOML syntax errors into SYNTAX errors with line and column', () => {
    const error = specErrorOf(() => parse('name = "hello"\ntier = \n'));
    expect(error.code).toBe('SYNTAX');
    expect(error.message).toBe('hello.toml:2:8: invalid value');
    expect(error.issues).toEqual([
      { file: 'hello.toml', line: 2, column: 8, path: '', message: 'invalid value' },
    ]);
  });

  it('names lines without a file name when none is given', () => {
    expect(() => parseServiceSpec(service({ top: 'tier = "x"' }))).toThrow(
      'line 2: tier: must be "core" or "worker", got "x"',
    );
  });
});
