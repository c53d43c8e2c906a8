/**
 * An indexed 4-ary min-heap (half the depth of a binary heap, and the four
 * children share a cache line) over node indices with numeric keys. Keys only
 * ever grow during a plan (placing adds containers), so one sift-down per
 * update keeps the heap valid: O(log n) per placement.
 */
export class NodeHeap {
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private readonly keys: Float64Array;
  private size = 0;

  /** `keys[i]` is the key of node i; `members` are the node indices to hold. */
  constructor(keys: Float64Array, members: readonly number[]) {
    this.keys = keys;
    this.heap = new Int32Array(members.length);
    this.pos = new Int32Array(keys.length).fill(-1);
    for (const m of members) {
      this.heap[this.size] = m;
      this.pos[m] = this.size;
      this.size++;
    }
    for (let i = (this.size - 2) >> 2; i >= 0; i--) this.siftDown(i);
  }

  /** The node with the smallest key, or -1 when empty. */
  peek(): number {
    return this.size > 0 ? this.heap[0]! : -1;
  }

  /** Raises node `i`'s key by `delta` (>= 0) and restores order. */
  increase(i: number, delta: number): void {
    this.keys[i]! += delta;
    const p = this.pos[i]!;
    if (p >= 0) this.siftDown(p);
  }

  private siftDown(start: number): void {
    const { heap, pos, keys, size } = this;
    let at = start;
    const node = heap[at]!;
    const key = keys[node]!;
    for (;;) {
      const first = 4 * at + 1;
      if (first >= size) break;
      const last = Math.min(first + 4, size);
      let child = first;
      let childKey = keys[heap[first]!]!;
      for (let c = first + 1; c < last; c++) {
        const k = keys[heap[c]!]!;
        if (k < childKey) {
          child = c;
          childKey = k;
        }
      }
      if (childKey >= key) break;
      const moved = heap[child]!;
      heap[at] = moved;
      pos[moved] = at;
      at = child;
    }
    heap[at] = node;
    pos[node] = at;
  }
}
