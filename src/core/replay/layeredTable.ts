/**
 * A map over a base map that is never changed: writes go to a layer of their own, so starting
 * from a checkpoint costs nothing however many entries the checkpoint holds (a seek replays a
 * few hundred events over states of tens of thousands of instances and rows).
 *
 * It iterates as a `Map` would had every write been made to a copy of the base: the base's
 * keys in their order, then keys set since in the order they were set; a key deleted and set
 * again moves to the end. Written by hand: no library offers this one ordering rule, and the
 * class is small.
 */
export class LayeredTable<V> {
  /** Entries written since the base; null: deleted. */
  private readonly top = new Map<string, V | null>();
  /** Keys of the base that were deleted since (and perhaps set again, at the end). */
  private readonly moved = new Set<string>();
  private count: number;

  constructor(private readonly base: ReadonlyMap<string, V> = new Map()) {
    this.count = base.size;
  }

  get size(): number {
    return this.count;
  }

  // Values are never undefined, so `top.get` alone tells a key that is not in the layer (each
  // call is one or two lookups: this runs for every entry of every change set a seek applies).
  get(key: string): V | undefined {
    const v = this.top.get(key);
    if (v === undefined) return this.base.get(key);
    return v ?? undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): void {
    const v = this.top.get(key);
    if (v === null) {
      // A key that was deleted goes to the end, as a new key of a Map does.
      this.top.delete(key);
      this.count++;
    } else if (v === undefined && !this.base.has(key)) {
      this.count++;
    }
    this.top.set(key, value);
  }

  delete(key: string): boolean {
    const v = this.top.get(key);
    if (v === null) return false;
    if (v === undefined) {
      if (!this.base.has(key)) return false;
      this.moved.add(key);
      this.top.set(key, null);
    } else if (this.base.has(key)) {
      this.moved.add(key);
      this.top.set(key, null);
    } else {
      this.top.delete(key);
    }
    this.count--;
    return true;
  }

  *entries(): IterableIterator<[string, V]> {
    const top = this.top;
    const moved = this.moved;
    for (const [key, value] of this.base) {
      if (moved.has(key)) continue;
      const v = top.get(key);
      yield [key, v === undefined ? value : v!];
    }
    for (const [key, value] of top) {
      if (value === null || (this.base.has(key) && !moved.has(key))) continue;
      yield [key, value];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }
}
