import { describe, expect, it } from '@jest/globals';
import { parseServiceSpec } from './parseServiceSpec.js';
import { planRoutes } from './planRoutes.js';

describe('planRoutes', () => {
  it.each<[string, string, [string, string, string][]]>([
    [
      'a single unnamed route gets the component name and PORT',
      '[[components]]\nname = "web"\nimage = "x:v1"\n[[components.routes]]\nport = 8080\n',
      [['', 'web.svc.mcp.example.net', 'PORT']],
    ],
    [
      'a single named route still gets the component name',
      '[[components]]\nname = "api"\nimage = "x:v1"\n[[components.routes]]\nname = "rest"\nport = 8443\n',
      [['rest', 'api.svc.mcp.example.net', 'PORT_REST']],
    ],
    [
      'several routes are told apart by a route label',
      '[[components]]\nname = "api"\nimage = "x:v1"\n[[components.routes]]\nname = "rest"\nport = 8443\n[[components.routes]]\nname = "admin-ui"\nport = 9000\n',
      [
        ['rest', 'rest.api.svc.mcp.example.net', 'PORT_REST'],
        ['admin-ui', 'admin-ui.api.svc.mcp.example.net', 'PORT_ADMIN_UI'],
      ],
    ],
  ])('%s', (_, components, expected) => {
    const spec = parseServiceSpec(`name = "svc"\n${components}`);
    expect(planRoutes(spec, 'example.net').map((r) => [r.route, r.internalHostname, r.envName])).toEqual(
      expected,
    );
  });
});
