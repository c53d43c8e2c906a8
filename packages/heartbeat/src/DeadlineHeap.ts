/** What the heap orders: `due` is the key, `heapIndex` is kept up to date by the heap (-1 when out). */
export interface Scheduled {
  due: number;
  heapIndex: number;
}

/**
 * An indexed binary min-heap on `due`. Each entry knows its slot, so moving
 * or removing one costs O(log n) without a search, and nothing is allocated
 * once the backing array has grown to the fleet's size.
 */
export class DeadlineHeap<T extends Scheduled> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The entry due first, or undefined when empty. */
  peek(): T | undefined {
    return this.items[0];
  }

  push(entry: T): void {
    entry.heapIndex = this.items.length;
    this.items.push(entry);
    this.siftUp(entry.heapIndex);
  }

  /** Restores order after `entry.due` changed in either direction. */
  update(entry: T): void {
    this.siftUp(entry.heapIndex);
    this.siftDown(entry.heapIndex);
  }

  remove(entry: T): void {
    const at = entry.heapIndex;
    const last = this.items.pop()!;
    entry.heapIndex = -1;
    if (last === entry) return;
    this.items[at] = last;
    last.heapIndex = at;
    this.update(last);
  }

  private siftUp(start: number): void {
    const { items } = this;
    const entry = items[start]!;
    let at = start;
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      const parent = items[parentAt]!;
      if (parent.due <= entry.due) break;
      items[at] = parent;
      parent.heapIndex = at;
      at = parentAt;
    }
    items[at] = entry;
    entry.heapIndex = at;
  }

  private siftDown(start: number): void {
    const { items } = this;
    const size = items.length;
    const entry = items[start]!;
    let at = start;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && items[child + 1]!.due < items[child]!.due) child++;
      const next = items[child]!;
      if (next.due >= entry.due) break;
      items[at] = next;
      next.heapIndex = at;
      at = child;
    }
    items[at] = entry;
    entry.heapIndex = at;
  }
}
