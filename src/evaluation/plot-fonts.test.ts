import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import fc from 'fast-check';
import { experimentPlotSpecs, importanceLabels, PLOT_NAMES } from './experiment-plots.ts';
import { findFamilyFiles, fontDirs, fontsFor, resolvePlotFonts, SYSTEM_FONTS, trimmedFiles, type FontOptions } from './plot-fonts.ts';
import { trimFont } from './font-trim.ts';
import { renderSvg } from './render.ts';
import { plotBets, plotRecords } from '../../test/support/plot-records.ts';

const draw = (svg: string, font: FontOptions) => Buffer.from(new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font, background: 'white' }).render().asPng());
const files = findFamilyFiles(fontDirs());
const cache = mkdtempSync(join(tmpdir(), 'edgelab-font-cache-'));
process.on('exit', () => rmSync(cache, { recursive: true, force: true }));

test('the plots drawn with only the resolved font files are byte for byte those drawn with the system fonts', async (t) => {
  if (!files) return t.skip('no DejaVu Sans on this machine: every plot gets the system fonts');
  const resolved = resolvePlotFonts(Resvg, fontDirs(), cache);
  assert.deepEqual(resolved, { loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', fontFiles: trimmedFiles(files, cache) });
  // Every text style the plots use: titles (14 bold), subtitles (12), axis titles (12 bold), axis
  // and legend labels (11, 10), legend titles (11 bold), text marks (10), minus signs, – and ≥.
  const rs = plotRecords(6, 4);
  const bs = plotBets(rs);
  const played = rs.map((r) => ({ bet_type: r.market, prediction: r.prediction, actual: r.actual, sigma: r.sigma, line: r.line }));
  const importance = importanceLabels([{ market: 'spread', feature: 'elo_diff_QWXZ', importance: 0.7 }, { market: 'total', feature: 'pace_(3g)', importance: 0.3 }]);
  const specs = experimentPlotSpecs('v9-001', played, bs, importance);
  const styles = new Set<string>();
  for (const name of PLOT_NAMES) {
    const svg = await renderSvg(specs[name]!);
    for (const m of svg.matchAll(/<text[^>]*?(font-size="[^"]*")(?: font-weight="([^"]*)")?/g)) styles.add(`${m[1]} ${m[2] ?? 'normal'}`);
    assert.equal(fontsFor(svg, resolved), resolved, `${name}: drawn with the resolved files`);
    assert.ok(draw(svg, resolved).equals(draw(svg, SYSTEM_FONTS)), `${name}: different bytes`);
  }
  for (const s of ['font-size="14px" bold', 'font-size="12px" normal', 'font-size="12px" bold', 'font-size="11px" normal', 'font-size="11px" bold', 'font-size="10px" normal']) assert.ok(styles.has(s), s);
});

test('the trimmed files keep every glyph id but only the outlines the checked characters reach', (t) => {
  if (!files) return t.skip('no DejaVu Sans on this machine');
  const trimmed = trimmedFiles(files, cache)!;
  const glyphs = (f: string) => {
    const b = readFileSync(f);
    const dir = Array.from({ length: b.readUInt16BE(4) }, (_, i) => [b.toString('latin1', 12 + 16 * i, 16 + 16 * i), b.readUInt32BE(20 + 16 * i)] as const);
    return b.readUInt16BE(new Map(dir).get('maxp')! + 4);
  };
  files.forEach((f, i) => {
    assert.equal(glyphs(trimmed[i]!), glyphs(f), 'same glyph count (ids unchanged)');
    assert.ok(statSync(trimmed[i]!).size < statSync(f).size / 3, `${trimmed[i]} is ${statSync(trimmed[i]!).size} bytes`);
  });
  // Outside the checked characters the outlines are gone: why fontsFor sends such text elsewhere.
  const svg = (text: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="4" y="20" font-family="DejaVu Sans" font-size="11px">${text}</text></svg>`;
  const own = (fontFiles: string[]): FontOptions => ({ loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', fontFiles });
  assert.ok(draw(svg('ROI −5% ≥ 10'), own(trimmed)).equals(draw(svg('ROI −5% ≥ 10'), own(files))));
  assert.ok(!draw(svg('Жук'), own(trimmed)).equals(draw(svg('Жук'), own(files))));
  assert.equal(trimFont(Buffer.from('OTTO\0\0\0\0\0\0\0\0'), ['a']), null, 'CFF outlines are not trimmed');
});

test('text the check did not cover gets the system fonts', (t) => {
  if (!files) return t.skip('no DejaVu Sans on this machine');
  const resolved = resolvePlotFonts(Resvg, fontDirs(), cache);
  const svg = (text: string, attrs = '') => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="4" y="20" font-family="DejaVu Sans" font-size="11px"${attrs}>${text}</text></svg>`;
  assert.equal(fontsFor(svg('ROI −5% ≥ 10 – n=3'), resolved), resolved);
  assert.equal(fontsFor(svg('ROI −5%', ' font-weight="bold"'), resolved), resolved);
  assert.equal(fontsFor(svg('São Paulo 東京'), resolved), SYSTEM_FONTS, 'characters outside the specimen');
  assert.equal(fontsFor(svg('ROI', ' font-style="italic"'), resolved), SYSTEM_FONTS, 'a style the specimen did not draw');
  assert.equal(fontsFor(svg('ROI', ' font-weight="300"'), resolved), SYSTEM_FONTS, 'another weight');
  assert.equal(fontsFor(svg('ROI').replace('DejaVu Sans', 'Lato'), resolved), SYSTEM_FONTS, 'another family');
  assert.equal(fontsFor(svg('&#937;'), resolved), SYSTEM_FONTS, 'a character reference');
  assert.equal(fontsFor(svg('ROI'), SYSTEM_FONTS), SYSTEM_FONTS);
});

test('without the family, or with files that draw differently, every plot gets the system fonts', (t) => {
  assert.deepEqual(resolvePlotFonts(Resvg, [join(tmpdir(), 'no-such-font-dir')]), SYSTEM_FONTS, 'a machine without DejaVu still gets text');
  if (!files) return t.skip('no DejaVu Sans on this machine');
  const dir = mkdtempSync(join(tmpdir(), 'edgelab-fonts-'));
  try {
    // The regular face under both names: bold text would be drawn from the wrong face.
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    copyFileSync(files[0]!, join(dir, 'a', 'DejaVuSans.ttf'));
    assert.equal(findFamilyFiles([dir]), null, 'no bold file');
    copyFileSync(files[0]!, join(dir, 'a', 'b', 'DejaVuSans-Bold.ttf'));
    assert.deepEqual(findFamilyFiles([dir]), [join(dir, 'a', 'DejaVuSans.ttf'), join(dir, 'a', 'b', 'DejaVuSans-Bold.ttf')]);
    assert.deepEqual(resolvePlotFonts(Resvg, [dir], cache), SYSTEM_FONTS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('property: any text of the checked characters, regular or bold, draws the same from the trimmed files as from the whole ones', (t) => {
  if (!files) return t.skip('no DejaVu Sans on this machine');
  const trimmed = trimmedFiles(files, cache)!;
  const own = (fontFiles: string[]): FontOptions => ({ loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', fontFiles });
  const chars = [...' −–—…≥≤±×·°→≈Φσ'];
  for (let c = 0x21; c < 0x7f; c++) chars.push(String.fromCharCode(c));
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...chars, 'f', 'i', 'l', 'T', 'o', 'A', 'V'), { minLength: 1, maxLength: 40 }), fc.boolean(), (text, bold) => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="420" height="30"><text x="4" y="20" font-family="DejaVu Sans" font-size="12px"${bold ? ' font-weight="bold"' : ''}>${esc(text.join(''))}</text></svg>`;
      assert.ok(draw(svg, own(trimmed)).equals(draw(svg, own(files))), text.join(''));
    }),
    { numRuns: 40, seed: 19 },
  );
});

test('property: fontsFor decides as the regular-expression scans it replaced, on SVG made of the tokens they look for', () => {
  // The scans fontsFor ran before (session 11 made them string searches): the reference.
  const checked = new Set('−–—…≥≤±×·°→≈Φσ');
  const before = (svg: string, resolved: FontOptions): FontOptions => {
    if (resolved.loadSystemFonts) return resolved;
    for (const m of svg.matchAll(/font-family="([^"]*)"/g)) if (m[1] !== 'DejaVu Sans') return SYSTEM_FONTS;
    for (const m of svg.matchAll(/font-weight="([^"]*)"/g)) if (m[1] !== 'bold') return SYSTEM_FONTS;
    if (/font-(?!family=|weight=|size=)|style[=>]|font=|&#/.test(svg)) return SYSTEM_FONTS;
    for (const m of svg.matchAll(/[^\x00-\x7e]/gu)) if (!checked.has(m[0])) return SYSTEM_FONTS;
    return resolved;
  };
  const resolved: FontOptions = { loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', fontFiles: ['a.ttf', 'b.ttf'] };
  const tokens = ['font', 'font-', 'font-family="', 'font-weight="', 'font-size="', 'font-style="', 'font=', 'family=', 'weight=', 'size=', 'style', 'style=', 'style>', '=', '>', '-', '"',
    'DejaVu Sans', 'Lato', 'bold', '300', '&', '#', '&#', '&amp;', ' ', 'f', 'ont', 'x', '−', '≥', 'σ', 'é', '東', '😀', '\ud800', '\x7f', '~'];
  let system = 0;
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 30 }), (parts) => {
      const svg = parts.join('');
      const got = fontsFor(svg, resolved);
      assert.equal(got, before(svg, resolved), JSON.stringify(svg));
      if (got === SYSTEM_FONTS) system++;
    }),
    { numRuns: 3000, seed: 11 },
  );
  // Both outcomes were drawn often, so the comparison covered each rule.
  assert.ok(system > 300 && system < 2700, `${system} of 3000 got the system fonts`);
  assert.equal(fontsFor('<text font-family="DejaVu Sans" font-weight="bold">a − b</text>', resolved), resolved);
});
