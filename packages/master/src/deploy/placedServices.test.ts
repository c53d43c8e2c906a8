import { describe, expect, it } from '@jest/globals';
import { parseServiceSpec } from '@mcp/spec';
import type { PlacementRecord } from '../store/MasterStore.js';
import { placedService } from './placedServices.js';

const record = (tag: string, specJson?: string): PlacementRecord => ({
  service: 'hello',
  node: 'orion',
  reason: 'fewest containers',
  specJson:
    specJson ??
    JSON.stringify(
      parseServiceSpec(`name = "hello"\n[[components]]\nname = "web"\nimage = "localhost/hello:${tag}"\n`),
    ),
  specHash: `hash-${tag}`,
  placedAt: '2026-12-01T12:00:00.000Z',
});

describe('placedService', () => {
  it('reads a stored spec once and hands every caller the same frozen spec', () => {
    const first = placedService(record('v1'));
    const again = placedService(record('v1'));
    expect(again.spec).toBe(first.spec);
    expect(first.spec.components[0]!.image).toBe('localhost/hello:v1');
    expect(Object.isFrozen(first.spec.components[0])).toBe(true);
    expect(() => {
      (first.spec as { name: string }).name = 'other';
    }).toThrow(TypeError);
  });

  it('reads a changed record afresh', () => {
    const v1 = placedService(record('v1'));
    const v2 = placedService(record('v2'));
    expect(v2.spec).not.toBe(v1.spec);
    expect(v2.spec.components[0]!.image).toBe('localhost/hello:v2');
  });

  it('refuses a damaged record every time it is read, naming it', () => {
    const damaged = record('x', '{"name": "hello", "components": "none"}');
    for (let i = 0; i < 2; i++)
      expect(() => placedService(damaged)).toThrow(/the master's record of service hello is unreadable/);
  });
});
