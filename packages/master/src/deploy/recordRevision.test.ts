import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parseServiceSpec } from '@mcp/spec';
import { MasterStore } from '../store/MasterStore.js';
import { recordRevision } from './recordRevision.js';

const spec = (tag: string) =>
  parseServiceSpec(`name = "hello"\n[[components]]\nname = "web"\nimage = "localhost/hello:${tag}"\n`);
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute));

let store: MasterStore;
beforeEach(() => {
  store = new MasterStore(':memory:');
});
afterEach(() => store.close());

describe('recordRevision', () => {
  it('numbers revisions from 1 and says who deployed them', () => {
    expect(recordRevision(store, spec('v1'), at(0), { by: 'alice' })).toMatchObject({
      revision: 1,
      deployedBy: 'alice',
      deployedAt: '2026-12-01T12:00:00.000Z',
      note: '',
    });
    expect(
      recordRevision(store, spec('v2'), at(1), { by: 'bob', note: 'rollback to revision 1' }),
    ).toMatchObject({ revision: 2, deployedBy: 'bob', note: 'rollback to revision 1' });
    expect(store.listRevisions('hello').map((r) => r.revision)).toEqual([2, 1]);
  });

  it('adds none for the same spec again', () => {
    recordRevision(store, spec('v1'), at(0));
    expect(recordRevision(store, spec('v1'), at(1)).revision).toBe(1);
    expect(store.listRevisions('hello')).toHaveLength(1);
  });

  it('keeps the newest five', () => {
    for (let i = 1; i <= 7; i++) recordRevision(store, spec(`v${i}`), at(i));
    const kept = store.listRevisions('hello');
    expect(kept.map((r) => r.revision)).toEqual([7, 6, 5, 4, 3]);
    expect(JSON.parse(kept[0]!.specJson)).toEqual(spec('v7'));
  });

  it('keeps each service apart', () => {
    recordRevision(store, spec('v1'), at(0));
    const other = { ...spec('v1'), name: 'other' };
    expect(recordRevision(store, other, at(1)).revision).toBe(1);
    expect(store.listRevisions('hello')).toHaveLength(1);
  });
});
