// A small inline SVG line chart (no scripts, no network): cumulative units by date, one line per
// series, a zero line, labelled axes and a legend that never covers the lines.
export interface Series {
  name: string;
  color: string;
  points: { date: string; units: number }[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function cumulativeSvg(series: readonly Series[], title: string): string {
  const W = 720;
  const H = 260;
  const L = 48;
  const R = 140;
  const T = 28;
  const B = 34;
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return '';
  const days = all.map((p) => Date.parse(p.date));
  const x0 = Math.min(...days);
  const x1 = Math.max(...days, x0 + 86_400_000);
  const ys = [0, ...all.map((p) => p.units)];
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys, y0 + 1);
  const px = (d: number) => L + ((d - x0) / (x1 - x0)) * (W - L - R);
  const py = (u: number) => T + (1 - (u - y0) / (y1 - y0)) * (H - T - B);
  const step = niceStep((y1 - y0) / 5);
  const ticks: number[] = [];
  for (let v = Math.ceil(y0 / step) * step; v <= y1 + 1e-9; v += step) ticks.push(Number(v.toFixed(6)));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px" role="img" aria-label="${esc(title)}">`);
  parts.push(`<text x="${L}" y="16" font-size="13" font-weight="600">${esc(title)}</text>`);
  for (const v of ticks) parts.push(`<line x1="${L}" x2="${W - R}" y1="${py(v)}" y2="${py(v)}" stroke="${v === 0 ? '#555' : '#ddd'}"/><text x="${L - 6}" y="${py(v) + 4}" font-size="11" text-anchor="end">${v}</text>`);
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 4}" font-size="11" text-anchor="middle">game date (${new Date(x0).toISOString().slice(0, 10)} → ${new Date(x1).toISOString().slice(0, 10)})</text>`);
  parts.push(`<text x="12" y="${(T + H - B) / 2}" font-size="11" transform="rotate(-90 12 ${(T + H - B) / 2})" text-anchor="middle">units</text>`);
  series.forEach((s, i) => {
    if (!s.points.length) return;
    const d = s.points.map((p, k) => `${k ? 'L' : 'M'}${px(Date.parse(p.date)).toFixed(1)},${py(p.units).toFixed(1)}`).join('');
    // Dashes differ per series, so a line drawn over another stays visible.
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${['', '6 3', '2 3'][i % 3]}"/>`);
    const last = s.points.at(-1)!;
    parts.push(`<text x="${W - R + 8}" y="${T + 14 + i * 16}" font-size="12" fill="${s.color}">${esc(s.name)}: ${last.units >= 0 ? '+' : ''}${last.units.toFixed(2)}u (n=${s.points.length})</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}
