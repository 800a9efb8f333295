// A TrueType font trimmed to what a set of characters can reach, for resvg: its text layout reads
// the whole font file once per character drawn (resvg-js 2.6 keeps only the path: 760 KB per
// character of DejaVu Sans). Glyph ids, metrics, kerning and substitution tables stay as they
// are; only the outlines no text of those characters can reach are emptied (reachable: the
// characters' glyphs, every glyph any substitution can output, and the components of composite
// glyphs), and glyph names dropped (post format 3: its header, which holds the underline metrics,
// is kept). Fonts this cannot read return null (the caller keeps the whole file).
type Tables = Map<string, Buffer>;

function readTables(font: Buffer): Tables | null {
  const version = font.readUInt32BE(0);
  if (version !== 0x00010000 && version !== 0x74727565) return null; // TrueType outlines only
  const tables: Tables = new Map();
  for (let i = 0, n = font.readUInt16BE(4); i < n; i++) {
    const at = 12 + 16 * i;
    const offset = font.readUInt32BE(at + 8);
    tables.set(font.toString('latin1', at, at + 4), font.subarray(offset, offset + font.readUInt32BE(at + 12)));
  }
  return tables;
}

/** The glyph id of a code point from a format 4 or 12 Unicode cmap subtable. */
function cmapLookup(cmap: Buffer): ((cp: number) => number) | null {
  const subtables = new Map<string, Buffer>();
  for (let i = 0, n = cmap.readUInt16BE(2); i < n; i++) {
    const at = 4 + 8 * i;
    subtables.set(`${cmap.readUInt16BE(at)}/${cmap.readUInt16BE(at + 2)}`, cmap.subarray(cmap.readUInt32BE(at + 4)));
  }
  const t12 = subtables.get('3/10') ?? subtables.get('0/4');
  if (t12 && t12.readUInt16BE(0) === 12) {
    return (cp) => {
      for (let i = 0, n = t12.readUInt32BE(12); i < n; i++) {
        const at = 16 + 12 * i;
        if (cp >= t12.readUInt32BE(at) && cp <= t12.readUInt32BE(at + 4)) return t12.readUInt32BE(at + 8) + cp - t12.readUInt32BE(at);
      }
      return 0;
    };
  }
  const t4 = subtables.get('3/1') ?? subtables.get('0/3');
  if (!t4 || t4.readUInt16BE(0) !== 4) return null;
  const segs = t4.readUInt16BE(6) / 2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let i = 0; i < segs; i++) {
      const end = t4.readUInt16BE(14 + 2 * i);
      if (cp > end) continue;
      const start = t4.readUInt16BE(16 + 2 * segs + 2 * i);
      if (cp < start) return 0;
      const delta = t4.readInt16BE(16 + 4 * segs + 2 * i);
      const rangeAt = 16 + 6 * segs + 2 * i;
      const range = t4.readUInt16BE(rangeAt);
      if (range === 0) return (cp + delta) & 0xffff;
      const g = t4.readUInt16BE(rangeAt + range + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
}

function coverage(t: Buffer, at: number): number[] {
  const out: number[] = [];
  const format = t.readUInt16BE(at);
  const n = t.readUInt16BE(at + 2);
  for (let i = 0; i < n; i++) {
    if (format === 1) out.push(t.readUInt16BE(at + 4 + 2 * i));
    else for (let g = t.readUInt16BE(at + 4 + 6 * i); g <= t.readUInt16BE(at + 6 + 6 * i); g++) out.push(g);
  }
  return out;
}

/** Every glyph a GSUB lookup can output, or null for a lookup type it does not know. */
function substitutionOutputs(gsub: Buffer | undefined): Set<number> | null {
  const out = new Set<number>();
  if (!gsub) return out;
  const list = gsub.readUInt16BE(8);
  const u16s = (at: number, n: number) => Array.from({ length: n }, (_, i) => gsub.readUInt16BE(at + 2 * i));
  const subtable = (type: number, at: number): boolean => {
    const format = gsub.readUInt16BE(at);
    if (type === 7) return subtable(gsub.readUInt16BE(at + 2), at + gsub.readUInt32BE(at + 4));
    if (type === 5 || type === 6) return true; // contextual: outputs come from the lookups it calls
    if (type === 1 && format === 1) for (const g of coverage(gsub, at + gsub.readUInt16BE(at + 2))) out.add((g + gsub.readInt16BE(at + 4)) & 0xffff);
    else if (type === 1 && format === 2) u16s(at + 6, gsub.readUInt16BE(at + 4)).forEach((g) => out.add(g));
    else if (type === 2 || type === 3) for (const o of u16s(at + 6, gsub.readUInt16BE(at + 4))) u16s(at + o + 2, gsub.readUInt16BE(at + o)).forEach((g) => out.add(g));
    else if (type === 4) for (const s of u16s(at + 6, gsub.readUInt16BE(at + 4))) for (const l of u16s(at + s + 2, gsub.readUInt16BE(at + s))) out.add(gsub.readUInt16BE(at + s + l));
    else return false;
    return true;
  };
  for (const l of u16s(list + 2, gsub.readUInt16BE(list))) {
    const at = list + l;
    for (const s of u16s(at + 6, gsub.readUInt16BE(at + 4))) if (!subtable(gsub.readUInt16BE(at), at + s)) return null;
  }
  return out;
}

function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 4) sum = (sum + ((b[i]! << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0))) >>> 0;
  return sum;
}

/** The font with only the outlines that text of these characters can reach, or null. */
export function trimFont(font: Buffer, chars: Iterable<string>): Buffer | null {
  const tables = readTables(font);
  const [head, maxp, loca, glyf, cmap, post] = ['head', 'maxp', 'loca', 'glyf', 'cmap', 'post'].map((t) => tables?.get(t));
  if (!tables || !head || !maxp || !loca || !glyf || !cmap || !post) return null;
  const lookup = cmapLookup(cmap);
  const outputs = substitutionOutputs(tables.get('GSUB'));
  if (!lookup || !outputs) return null;
  const numGlyphs = maxp.readUInt16BE(4);
  const long = head.readInt16BE(50) === 1;
  const off = (g: number) => (long ? loca.readUInt32BE(4 * g) : 2 * loca.readUInt16BE(2 * g));
  const keep = new Set<number>([0, ...outputs]);
  for (const ch of chars) keep.add(lookup(ch.codePointAt(0)!));
  const todo = [...keep];
  while (todo.length) {
    const g = todo.pop()!;
    if (g >= numGlyphs || off(g) === off(g + 1) || glyf.readInt16BE(off(g)) >= 0) continue;
    for (let at = off(g) + 10, more = true; more; ) {
      const flags = glyf.readUInt16BE(at);
      const c = glyf.readUInt16BE(at + 2);
      if (!keep.has(c)) keep.add(c), todo.push(c);
      at += 4 + (flags & 1 ? 4 : 2) + (flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
      more = (flags & 0x20) !== 0;
    }
  }
  const parts: Buffer[] = [];
  const newLoca = Buffer.alloc(4 * (numGlyphs + 1));
  let size = 0;
  for (let g = 0; g < numGlyphs; g++) {
    newLoca.writeUInt32BE(size, 4 * g);
    if (!keep.has(g)) continue;
    const data = glyf.subarray(off(g), off(g + 1));
    const padded = Buffer.alloc((data.length + 3) & ~3);
    data.copy(padded);
    parts.push(padded);
    size += padded.length;
  }
  newLoca.writeUInt32BE(size, 4 * numGlyphs);
  const newHead = Buffer.from(head);
  newHead.writeInt16BE(1, 50); // long loca offsets
  newHead.writeUInt32BE(0, 8); // checkSumAdjustment: not recomputed
  const newPost = Buffer.from(post.subarray(0, 32));
  newPost.writeUInt32BE(0x00030000, 0);
  const replaced = new Map([['glyf', Buffer.concat(parts)], ['loca', newLoca], ['head', newHead], ['post', newPost]]);
  const tags = [...tables.keys()];
  const dir = Buffer.alloc(12 + 16 * tags.length);
  font.copy(dir, 0, 0, 12);
  const bodies: Buffer[] = [];
  let at = dir.length;
  tags.forEach((tag, i) => {
    const body = replaced.get(tag) ?? tables.get(tag)!;
    const padded = Buffer.alloc((body.length + 3) & ~3);
    body.copy(padded);
    dir.write(tag, 12 + 16 * i, 'latin1');
    dir.writeUInt32BE(checksum(padded), 16 + 16 * i);
    dir.writeUInt32BE(at, 20 + 16 * i);
    dir.writeUInt32BE(body.length, 24 + 16 * i);
    bodies.push(padded);
    at += padded.length;
  });
  return Buffer.concat([dir, ...bodies]);
}
