// A bounded cache, least recently used out first, limited both by entry count and by a weight
// (characters of text): the server holds file texts for a workspace of any size without growing.

export class LruCache<K, V> {
  private readonly map = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight: number,
    private readonly weightOf: (value: V) => number = () => 1,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** The summed weight of what is held. */
  get weight(): number {
    return this.total;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** The value, marking it most recently used. */
  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    // Map iteration order is insertion order: re-inserting makes it the newest.
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = Math.max(0, this.weightOf(value));
    // A value heavier than the whole budget would evict everything and still not fit.
    if (weight > this.maxWeight) return;
    this.map.set(key, { value, weight });
    this.total += weight;
    for (const [k, v] of this.map) {
      if (this.map.size <= this.maxEntries && this.total <= this.maxWeight) break;
      this.map.delete(k);
      this.total -= v.weight;
    }
  }

  delete(key: K): boolean {
    const hit = this.map.get(key);
    if (!hit) return false;
    this.map.delete(key);
    this.total -= hit.weight;
    return true;
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}
