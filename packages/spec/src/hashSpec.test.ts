import { describe, expect, it } from '@jest/globals';
import { parseServiceSpec } from './parseServiceSpec.js';
import { canonicalSpecJson, hashSpec } from './hashSpec.js';

const base = `name = "hello"

[[components]]
name = "web"
image = "busybox:1.36"
cmd = ["httpd", "-f"]
env = { A = "1", B = "2" }

[[components.routes]]
name = "http"
port = 8080

[[components.routes]]
name = "admin"
port = 9090

[[components]]
name = "db"
image = "postgres:16"
volumes = ["/srv/hello/db:/var/lib/postgresql/data", "/srv/hello/init:/init:ro"]
`;

const hashOf = (source: string): string => hashSpec(parseServiceSpec(source));

describe('hashSpec', () => {
  it('is SHA-256 hex of the canonical JSON', () => {
    expect(hashOf(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(
      canonicalSpecJson(parseServiceSpec('name = "a"\ncomponents = [{ name = "b", image = "c:1" }]')),
    ).toBe(
      '{"active":true,"components":[{"cmd":[],"env":{},"health":{"deadline":30000,"drain":30000,"interval":1000,"timeout":5000},"image":"c:1","name":"b","restart":"unless-stopped","routes":[],"volumes":[]}],"name":"a","strategy":"rolling","tier":"worker"}',
    );
  });

  it.each<[string, string]>([
    [
      'keys in another order',
      base.replace('name = "web"\nimage = "busybox:1.36"', 'image = "busybox:1.36"\nname = "web"'),
    ],
    [
      'defaults written out',
      base
        .replace('name = "hello"', 'name = "hello"\nactive = true\ntier = "worker"')
        .replace('port = 8080', 'port = 8080\nmode = "l7"\npublic = false'),
    ],
    ['env in another order', base.replace('env = { A = "1", B = "2" }', 'env = { B = "2", A = "1" }')],
    [
      'env as a sub-table',
      base
        .replace('env = { A = "1", B = "2" }\n', '')
        .replace(
          '[[components.routes]]\nname = "http"',
          '[components.env]\nB = "2"\nA = "1"\n\n[[components.routes]]\nname = "http"',
        ),
    ],
    [
      'components in another order',
      base.replace(
        /(\[\[components\]\]\nname = "web"[\s\S]*?)(\[\[components\]\]\nname = "db"[\s\S]*)$/,
        '$2\n$1',
      ),
    ],
    [
      'empty defaults written out',
      base.replace(
        'image = "postgres:16"',
        'image = "postgres:16"\ncmd = []\nenv = {}\nrestart = "unless-stopped"',
      ),
    ],
    ['comments and blank lines', `# the hello service\n${base.replaceAll('\n\n', '\n# -\n\n')}`],
  ])('does not change for %s', (_, variant) => {
    expect(hashOf(variant)).toBe(hashOf(base));
  });

  it.each<[string, string]>([
    ['the image tag', base.replace('busybox:1.36', 'busybox:1.37')],
    ['an env value', base.replace('B = "2"', 'B = "3"')],
    ['the cmd order', base.replace('["httpd", "-f"]', '["-f", "httpd"]')],
    ['the volume order', base.replace(/volumes = \[(.*), (.*)\]/, 'volumes = [$2, $1]')],
    ['a port', base.replace('9090', '9091')],
    ['a route mode', base.replace('port = 9090', 'port = 9090\nmode = "l4"')],
    ['active', base.replace('name = "hello"', 'name = "hello"\nactive = false')],
    ['the tier', base.replace('name = "hello"', 'name = "hello"\ntier = "core"')],
    ['a pin', base.replace('name = "hello"', 'name = "hello"\nnode = "orion"')],
    [
      'the restart policy',
      base.replace('image = "postgres:16"', 'image = "postgres:16"\nrestart = "always"'),
    ],
  ])('changes with %s', (_, variant) => {
    expect(hashOf(variant)).not.toBe(hashOf(base));
  });
});
