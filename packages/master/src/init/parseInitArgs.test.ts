import { describe, expect, it } from '@jest/globals';
import { parseInitArgs } from './parseInitArgs.js';

const BASE = [
  '--dir',
  '/srv/fleet',
  '--node',
  'rift',
  '--zone',
  'example.net',
  '--address',
  'rift.example.net',
];

describe('parseInitArgs', () => {
  it('reads a full command line', () => {
    expect(
      parseInitArgs([
        ...BASE,
        '--address', '100.64.0.1',
        '--agent', 'orion=100.64.0.2,orion.example.net',
        '--agent', 'svc',
        '--agent', 'orion=10.0.0.2',
        '--operator', 'kyle',
        '--operator', 'ops',
        '--token-ttl', '30',
        '--json',
      ]), // prettier-ignore
    ).toEqual({
      help: false,
      json: true,
      options: {
        dir: '/srv/fleet',
        masterNode: 'rift',
        zone: 'example.net',
        masterAddresses: ['rift.example.net', '100.64.0.1'],
        agents: ['orion', 'svc', 'orion'],
        agentAddresses: { orion: ['100.64.0.2', 'orion.example.net', '10.0.0.2'] },
        operators: ['kyle', 'ops'],
        tokenTtlDays: 30,
      },
    });
  });

  it('leaves defaults to initFleet', () => {
    expect(parseInitArgs(BASE)).toEqual({
      help: false,
      json: false,
      options: {
        dir: '/srv/fleet',
        masterNode: 'rift',
        zone: 'example.net',
        masterAddresses: ['rift.example.net'],
        agents: [],
        agentAddresses: {},
      },
    });
  });

  it.each([[['--help']], [['-h']], [[...BASE, '--help']]])('asks for help with %j', (argv) => {
    expect(parseInitArgs(argv)).toEqual({ help: true });
  });

  it.each([
    ['no --dir', BASE.slice(2), /missing --dir/],
    ['no --node', [...BASE.slice(0, 2), ...BASE.slice(4)], /missing --node/],
    ['no --zone', [...BASE.slice(0, 4), ...BASE.slice(6)], /missing --zone/],
    ['no --address', BASE.slice(0, 6), /missing --address/],
    ['an unknown option', [...BASE, '--force'], /--force/],
    ['a positional argument', [...BASE, 'extra'], /extra/],
    ['an option without its value', [...BASE, '--operator'], /--operator/],
    ['an agent with "=" but no address', [...BASE, '--agent', 'orion='], /give addresses after "="/],
    [
      'a token lifetime that is not a number',
      [...BASE, '--token-ttl', '1y'],
      /--token-ttl must be a whole number/,
    ],
    ['a token lifetime of zero', [...BASE, '--token-ttl', '0'], /--token-ttl/],
  ])('refuses %s', (_name, argv, message) => {
    expect(() => parseInitArgs(argv)).toThrow(
      expect.objectContaining({ code: 'USAGE', message: expect.stringMatching(message) }),
    );
  });
});
