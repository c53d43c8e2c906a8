import { describe, expect, it } from '@jest/globals';
import { statusReport, type StatusInput } from './statusReport.js';

type Svc = { name: string; active: boolean; components: { state: string }[] };
const running = (name: string): Svc => ({ name, active: true, components: [{ state: 'running' }] });
const exited = (name: string): Svc => ({ name, active: true, components: [{ state: 'exited' }] });
const stopped = (name: string): Svc => ({ name, active: false, components: [{ state: 'exited' }] });

const input = (over: Partial<StatusInput<Svc>>): StatusInput<Svc> => ({
  nodes: [
    { name: 'orion', status: 'healthy' },
    { name: 'rift', status: 'healthy' },
  ],
  placements: [{ service: 'hello', node: 'orion', specHash: 'h', active: true }],
  answers: [
    { node: 'orion', services: [running('hello')] },
    { node: 'rift', services: [] },
  ],
  ...over,
});

describe('statusReport', () => {
  it.each<[string, Partial<StatusInput<Svc>>, string[]]>([
    ['all as desired: no findings', {}, []],
    [
      'placed but not running',
      { answers: [{ node: 'orion', services: [exited('hello')] }] },
      ['stale-placement hello orion: hello is placed on orion but not running'],
    ],
    ['stopped as desired', { answers: [{ node: 'orion', services: [stopped('hello')] }] }, []],
    [
      'placed but its agent does not have it',
      { answers: [{ node: 'orion', services: [] }] },
      ['stale-placement hello orion: hello is placed on orion but its agent does not have it'],
    ],
    [
      'running without a placement (a direct deploy)',
      {
        answers: [
          { node: 'orion', services: [running('hello')] },
          { node: 'rift', services: [running('stray')] },
        ],
      },
      ['orphan stray rift: stray runs on rift without a placement'],
    ],
    [
      'an agent that did not answer, on an unhealthy node',
      {
        nodes: [{ name: 'orion', status: 'unhealthy' }],
        answers: [{ node: 'orion', error: 'deadline exceeded' }],
      },
      [
        'agent-unreachable  orion: orion did not answer: deadline exceeded',
        'unhealthy-node  orion: orion is unhealthy',
      ],
    ],
  ])('%s', (_, over, findings) => {
    const report = statusReport(input(over));
    expect(report.findings.map((f) => `${f.kind} ${f.service} ${f.node}: ${f.message}`)).toEqual(findings);
  });

  it("keeps the desired state of an unreachable agent's services and says the observed one is unknown", () => {
    const report = statusReport(input({ answers: [{ node: 'orion', error: 'unavailable' }] }));
    expect(report.services).toEqual([
      {
        service: 'hello',
        node: 'orion',
        desiredActive: true,
        specHash: 'h',
        observed: undefined,
        unknownBecause: 'unknown: the agent on orion did not answer',
      },
    ]);
  });

  it('reports one service when asked, and no orphans of others', () => {
    const report = statusReport(
      input({
        only: 'hello',
        placements: [
          { service: 'hello', node: 'orion', specHash: 'h', active: true },
          { service: 'other', node: 'rift', specHash: 'o', active: true },
        ],
        answers: [{ node: 'orion', services: [running('hello'), running('stray')] }],
      }),
    );
    expect(report.services.map((s) => s.service)).toEqual(['hello']);
    expect(report.findings).toEqual([]);
  });
});
