// A map that forgets its least recently used entries beyond a count and, optionally, a size
// budget: what the feature memos (features/frame-memo.ts, build-memo.ts) and the parsed weekly
// files (workflow/production-files.ts and KeptByText below) keep between uses.
export class Kept<V> {
  private readonly map = new Map<string, V>();
  private total = 0;
  /** At most `keep` values and `budget` in `size` (the least recently used go first). */
  constructor(
    private readonly keep: number,
    private readonly size: (v: V) => number = () => 0,
    private readonly budget = Infinity,
  ) {}
  /** The value kept under `key`, else `make()`'s (kept); `key` null: `make()`'s, not kept. */
  get(key: string | null, make: () => V): V {
    if (key === null) return make();
    const v = this.find(key) ?? make();
    if (!this.map.has(key)) this.put(key, v);
    return v;
  }
  /** The value kept under `key` (made most recently used), or undefined. */
  find(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  put(key: string, v: V): void {
    const old = this.map.get(key);
    if (old !== undefined) this.total -= this.size(old);
    this.map.delete(key);
    this.map.set(key, v);
    this.total += this.size(v);
    for (const [k, x] of this.map) {
      if (this.map.size <= this.keep && this.total <= this.budget) break;
      this.map.delete(k);
      this.total -= this.size(x);
    }
  }
  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}

/**
 * Files parsed once per content: the caller reads the file every time and hands its whole text
 * in, so a changed file is parsed afresh; an unchanged one gives the value parsed before. The
 * value is shared between calls: callers hand out copies (or frozen rows).
 */
export class KeptByText<V> {
  private readonly kept: Kept<{ text: string; value: V }>;
  constructor(keep: number) {
    this.kept = new Kept(keep);
  }
  /** `parse(text)`, kept under `key` while the text stays the same (nothing kept if it throws). */
  get(key: string, text: string, parse: (text: string) => V): V {
    const hit = this.kept.find(key);
    if (hit && hit.text === text) return hit.value;
    const value = parse(text);
    this.kept.put(key, { text, value });
    return value;
  }
}
