import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DeadlineHeap } from './DeadlineHeap.js';

interface Item {
  id: number;
  due: number;
  heapIndex: number;
}

describe('DeadlineHeap', () => {
  it('always has the earliest entry on top, through pushes, moves and removals', () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant('push' as const), due: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ op: fc.constant('move' as const), pick: fc.nat(), due: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 100 }), (ops) => {
        const heap = new DeadlineHeap<Item>();
        const live: Item[] = [];
        let next = 0;
        for (const o of ops) {
          if (o.op === 'push') {
            const item = { id: next++, due: o.due, heapIndex: -1 };
            live.push(item);
            heap.push(item);
          } else if (live.length > 0) {
            const item = live[o.pick % live.length]!;
            if (o.op === 'move') {
              item.due = o.due;
              heap.update(item);
            } else {
              live.splice(live.indexOf(item), 1);
              heap.remove(item);
              expect(item.heapIndex).toBe(-1);
            }
          }
          expect(heap.size).toBe(live.length);
          const min = Math.min(...live.map((i) => i.due));
          expect(heap.peek()?.due).toBe(live.length ? min : undefined);
        }
      }),
    );
  });
});
