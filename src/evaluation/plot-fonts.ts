// The fonts resvg is given for a plot, resolved once per thread. resvg-js builds a new font
// database in every `new Resvg`; with `loadSystemFonts` that means parsing fontconfig and opening
// every system font (≈ 70 files here: ≈ 10–20 ms per plot, 10,818 opens of DejaVu files in one
// quick demo). The plots ask for one family (PLOT_CONFIG.font) in two weights, so once per thread
// the two files of that family are looked for in the usual font directories, and a specimen with
// every text style and character the check covers is drawn both ways: only when the PNG bytes are
// equal are those two files all that resvg loads from then on — trimmed to the outlines those
// characters reach (font-trim.ts) when the trimmed pair passes the same check, since resvg
// reads the whole file once per character it lays out. A plot whose SVG asks for another
// family, weight or style, or holds a character outside the specimen, gets the system fonts, as
// does every plot on a machine without the files (DejaVu) or where the specimen differs: the
// PNG bytes never depend on this shortcut.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import { trimFont } from './font-trim.ts';
import { PLOT_CONFIG } from './plots.ts';

export interface FontOptions {
  loadSystemFonts: boolean;
  defaultFontFamily: string;
  fontFiles?: string[];
}

const FAMILY: string = PLOT_CONFIG.font;
export const SYSTEM_FONTS: FontOptions = { loadSystemFonts: true, defaultFontFamily: FAMILY };

/**
 * Beyond printable ASCII: what the plots' texts and vega's number formats (−) use. Kept short:
 * the specimen costs ≈ 0.1 ms per glyph and style; a plot with another character is drawn with
 * the system fonts, as before.
 */
const EXTRA = '−–—…≥≤±×·°→≈Φσ';
/** The weights the specimen draws besides the default (no attribute). */
const WEIGHTS = new Set(['bold']);

/** The font directories fontconfig and resvg's font database search, per platform. */
export function fontDirs(): string[] {
  const home = homedir();
  if (process.platform === 'darwin') return ['/Library/Fonts', '/System/Library/Fonts', join(home, 'Library/Fonts')];
  if (process.platform === 'win32') return [join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts'), join(process.env.LOCALAPPDATA ?? join(home, 'AppData/Local'), 'Microsoft/Windows/Fonts')];
  return ['/usr/share/fonts', '/usr/local/share/fonts', join(process.env.XDG_DATA_HOME ?? join(home, '.local/share'), 'fonts'), join(home, '.fonts')];
}

/** The family's regular and bold files by their conventional names, or null when one is missing. */
export function findFamilyFiles(dirs: readonly string[], family = FAMILY): string[] | null {
  const stem = family.replace(/\s+/g, '');
  const wanted = [[`${stem}.ttf`, `${stem}-Regular.ttf`], [`${stem}-Bold.ttf`]];
  const found: (string | undefined)[] = [undefined, undefined];
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // a directory that does not exist here
    }
    for (const e of entries) {
      if (e.isDirectory() && depth < 4) walk(join(dir, e.name), depth + 1);
      else wanted.forEach((names, i) => (found[i] ??= names.includes(e.name) ? join(dir, e.name) : undefined));
    }
  };
  for (const d of dirs) walk(d, 0);
  return found.every((f) => f !== undefined) ? (found as string[]) : null;
}

/** Every character the specimen checks. */
function checkedChars(): string[] {
  const out = [' ', ...EXTRA];
  for (let c = 0x21; c < 0x7f; c++) out.push(String.fromCharCode(c));
  return out;
}

/**
 * The files trimmed to the checked characters (font-trim.ts: resvg reads the whole file once per
 * character drawn, 760 KB for DejaVu Sans), cached by content in the temporary directory, or
 * null when a font cannot be trimmed or written.
 */
export function trimmedFiles(files: readonly string[], dir = join(tmpdir(), `edgelab-plot-fonts-${process.getuid?.() ?? 'user'}`)): string[] | null {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Only a directory of this user's that nobody else may write to: a font planted there would be used.
    const st = statSync(dir);
    if (process.getuid && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) return null;
    return files.map((file) => {
      const font = readFileSync(file);
      const key = createHash('sha256').update(font).update(checkedChars().join('')).update('trim 1').digest('hex').slice(0, 16);
      const target = join(dir, `${key}-${basename(file)}`);
      if (existsSync(target)) return target;
      const trimmed = trimFont(font, checkedChars());
      if (!trimmed) throw new Error(`${file} cannot be trimmed`);
      const tmp = `${target}.${process.pid}-${threadId}.tmp`;
      writeFileSync(tmp, trimmed);
      renameSync(tmp, target); // whole or not at all; a damaged file fails the specimen anyway
      return target;
    });
  } catch {
    return null;
  }
}

/** Every checked character in every checked weight (which face draws a glyph does not depend on its size). */
export function specimenSvg(): string {
  let ascii = '';
  for (let c = 0x21; c < 0x7f; c++) ascii += String.fromCharCode(c);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const lines = [ascii.slice(0, 48), ascii.slice(48), `a b ${EXTRA}`].flatMap((text, i) =>
    [undefined, ...WEIGHTS].map((w, j) => `<text x="4" y="${16 * (1 + 3 * i + j)}" font-family="${FAMILY}" font-size="12px"${w ? ` font-weight="${w}"` : ''}>${esc(text)}</text>`),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="${16 * 10}"><rect width="480" height="${16 * 10}" fill="white"/>${lines.join('')}</svg>`;
}

const draw = (Resvg: typeof ResvgClass, svg: string, font: FontOptions) => Buffer.from(new Resvg(svg, { fitTo: { mode: 'zoom', value: 1 }, font, background: 'white' }).render().asPng());

/**
 * The fonts for every plot of this thread: the family's two files, trimmed when that draws the
 * specimen exactly as the system fonts do, else whole when they do, else the system fonts.
 */
export function resolvePlotFonts(Resvg: typeof ResvgClass, dirs: readonly string[] = fontDirs(), cacheDir?: string): FontOptions {
  const files = findFamilyFiles(dirs);
  if (!files) return SYSTEM_FONTS;
  const svg = specimenSvg();
  const reference = draw(Resvg, svg, SYSTEM_FONTS);
  for (const candidate of [trimmedFiles(files, cacheDir), files]) {
    if (!candidate) continue;
    const own: FontOptions = { loadSystemFonts: false, defaultFontFamily: FAMILY, fontFiles: candidate };
    if (draw(Resvg, svg, own).equals(reference)) return own;
  }
  return SYSTEM_FONTS;
}

/** A code point outside the specimen (the astral ones included: the class is of code points). */
const UNCHECKED = new RegExp(`[^\\x00-\\x7e${EXTRA}]`, 'u');

/** The value of every `name="…"` attribute in the SVG (no match without the closing quote, as /name="([^"]*)"/g). */
function* attributeValues(svg: string, name: string): Generator<string> {
  const open = `${name}="`;
  for (let i = svg.indexOf(open); i >= 0; i = svg.indexOf(open, i + open.length)) {
    const end = svg.indexOf('"', i + open.length);
    if (end < 0) return;
    yield svg.slice(i + open.length, end);
  }
}

/** "font" followed by "=", or by "-" and another property than family, weight or size (as /font-(?!family=|weight=|size=)|font=/). */
function otherFontProperty(svg: string): boolean {
  for (let i = svg.indexOf('font'); i >= 0; i = svg.indexOf('font', i + 4)) {
    const c = svg.charCodeAt(i + 4);
    if (c === 0x3d) return true; // =
    if (c === 0x2d && !svg.startsWith('family=', i + 5) && !svg.startsWith('weight=', i + 5) && !svg.startsWith('size=', i + 5)) return true;
  }
  return false;
}

/** "style" followed by "=" or ">" (an attribute or a <style> element). */
function styleSet(svg: string): boolean {
  for (let i = svg.indexOf('style'); i >= 0; i = svg.indexOf('style', i + 5)) {
    const c = svg.charCodeAt(i + 5);
    if (c === 0x3d || c === 0x3e) return true;
  }
  return false;
}

/**
 * The resolved fonts when the SVG's text stays within what the specimen checked, else the system
 * fonts. Plain string searches and one regular-expression test, not regular-expression scans with
 * a match object per hit: a residuals chart's SVG is ≈ 0.6 MB, and the scans took ≈ 20 ms of it.
 */
export function fontsFor(svg: string, resolved: FontOptions): FontOptions {
  if (resolved.loadSystemFonts) return resolved;
  for (const family of attributeValues(svg, 'font-family')) if (family !== FAMILY) return SYSTEM_FONTS;
  for (const weight of attributeValues(svg, 'font-weight')) if (!WEIGHTS.has(weight)) return SYSTEM_FONTS;
  // Any other font property, CSS, or a character reference could pick another face.
  if (otherFontProperty(svg) || styleSet(svg) || svg.includes('&#')) return SYSTEM_FONTS;
  if (UNCHECKED.test(svg)) return SYSTEM_FONTS;
  return resolved;
}
