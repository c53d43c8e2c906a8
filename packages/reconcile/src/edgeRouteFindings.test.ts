import { describe, expect, it } from '@jest/globals';
import { edgeRouteFindings } from './edgeRouteFindings.js';

const recorded = [
  {
    hostname: 'a.example.net',
    service: 'a',
    edgeNode: 'svc',
    backendHostname: 'a.svc.mcp.z',
    backendPort: 443,
  },
  {
    hostname: 'b.example.net',
    service: 'b',
    edgeNode: 'svc',
    backendHostname: 'b.svc.mcp.z',
    backendPort: 443,
  },
];

describe('edgeRouteFindings', () => {
  it.each<[string, Parameters<typeof edgeRouteFindings>[1], string[]]>([
    ['the edge serves what was recorded', [{ node: 'svc', routes: recorded }], []],
    [
      'a recorded route is missing on its edge',
      [{ node: 'svc', routes: [recorded[0]!] }],
      [
        'b: b.example.net of b is recorded on edge svc but svc does not serve it; mcp deploy b sets it up again',
      ],
    ],
    [
      'the edge forwards elsewhere',
      [{ node: 'svc', routes: [recorded[0]!, { ...recorded[1]!, backendPort: 8443 }] }],
      [
        'b: b.example.net on svc forwards to b.svc.mcp.z:8443, the master recorded b.svc.mcp.z:443; mcp deploy b sets it up again',
      ],
    ],
    [
      'the edge serves a route nobody recorded',
      [
        {
          node: 'svc',
          routes: [
            ...recorded,
            { hostname: 'c.example.net', backendHostname: 'c.svc.mcp.z', backendPort: 443 },
          ],
        },
      ],
      [': svc serves c.example.net, which the master did not record'],
    ],
    ['an edge that did not answer is not judged here', [{ node: 'svc', error: 'unreachable' }], []],
  ])('%s', (_, answers, findings) => {
    expect(edgeRouteFindings(recorded, answers).map((f) => `${f.service}: ${f.message}`)).toEqual(findings);
  });
});
