import { describe, expect, it } from '@jest/globals';
import { parseServiceSpec } from './parseServiceSpec.js';
import { readStoredSpec } from './readStoredSpec.js';

const spec = parseServiceSpec(
  'name = "hello"\n[[components]]\nname = "web"\nimage = "busybox:1.36"\n[[components.routes]]\nport = 8080\n',
);

describe('readStoredSpec', () => {
  it('reads back what JSON.stringify stored', () => {
    expect(readStoredSpec(JSON.stringify(spec), 'record')).toEqual(spec);
  });

  it('reads back health timings stored as milliseconds, with a drain of zero', () => {
    const checked = parseServiceSpec(
      'name = "hello"\n[[components]]\nname = "web"\nimage = "busybox:1.36"\n' +
        'health = { path = "/healthz", interval = "1.5s", drain = "0s" }\n[[components.routes]]\nport = 8080\n',
    );
    expect(readStoredSpec(JSON.stringify(checked), 'record')).toEqual(checked);
  });

  it('reads a row written before strategy and health existed with their defaults', () => {
    const old = JSON.parse(JSON.stringify(spec)) as Record<string, unknown> & { components: object[] };
    delete old.strategy;
    for (const component of old.components) delete (component as { health?: unknown }).health;
    expect(readStoredSpec(JSON.stringify(old), 'record')).toEqual(spec);
  });

  it.each<[string, string, RegExp]>([
    ['not JSON', '{"name": "hel', /record hello is unreadable \(it is not JSON\)/],
    ['not an object', '[1, 2]', /not a JSON object/],
    [
      'a field broken',
      JSON.stringify({ ...spec, tier: 'gold' }),
      /tier: must be "core" or "worker", got "gold"/,
    ],
    [
      'a field missing',
      JSON.stringify({ ...spec, components: undefined }),
      /components: at least one component/,
    ],
    ['an unknown field (a newer schema)', JSON.stringify({ ...spec, colour: 'red' }), /colour: unknown key/],
  ])('refuses a row that is %s, saying so', (_, json, message) => {
    expect(() => readStoredSpec(json, 'record hello')).toThrow(
      expect.objectContaining({ code: 'CORRUPT_RECORD', message: expect.stringMatching(message) }),
    );
  });
});
