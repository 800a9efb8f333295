// `edgelab data pull nflverse --seasons 2015-2025 [--pbp]`: download nflverse's schedules file
// (and one play-by-play file per season) into data/raw/nflverse/ with revalidation, then import
// them exactly as `data import nflverse` and `data import nflverse-pbp` would.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Layout } from '../artifacts/layout.ts';
import type { LoadReport } from '../data/warehouse.ts';
import { fetchCached, nflverseFiles, type FetchOutcome, type PbpFileFormat } from '../data/sources/nflverse/download.ts';
import { importNflverseSchedules } from '../data/sources/nflverse/schedules.ts';
import { assertNoRejects } from '../data/sources/csv/records.ts';
import type { Progress } from '../util/progress.ts';
import { firstRejects, loadDataset, rowCounts, type ImportOutcome } from './data-import.ts';
import { importPbpFiles, type PbpImportOutcome } from './data-import-pbp.ts';
import { loadDataConfig, warehousePath } from './data-config.ts';

export interface NflversePullRequest {
  seasons: [number, number];
  pbp?: boolean;
  format?: PbpFileFormat;
  baseUrl?: string;
  refresh?: boolean;
  skipBadRows?: boolean;
  progress: Progress;
}

export interface NflversePullOutcome {
  downloads: (FetchOutcome & { path: string })[];
  schedules: { rows: ImportOutcome['rows']; load: LoadReport | null; rejected: number; rejects: string[] };
  pbp: PbpImportOutcome | null;
  warehouse: string;
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

export async function pullNflverse(layout: Layout, req: NflversePullRequest): Promise<NflversePullOutcome> {
  const data = loadDataConfig(layout);
  const base = (req.baseUrl ?? data.nflverse_base_url).replace(/\/+$/, '');
  const dir = layout.rawCacheDir('nflverse');
  const [from, to] = req.seasons;
  const seasons = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const wanted = [nflverseFiles.schedules(), ...(req.pbp ? seasons.map((s) => nflverseFiles.pbp(s, req.format ?? 'parquet')) : [])];
  const downloads: NflversePullOutcome['downloads'] = [];
  const { progress } = req;
  for (const [i, rel] of wanted.entries()) {
    const url = `${base}/${rel}`;
    const file = join(dir, rel);
    progress.start(1, `[${i + 1}/${wanted.length}] ${rel}`);
    let lastLog = 0;
    const got = await fetchCached(url, file, {
      refresh: req.refresh,
      onBytes: (done, total) => {
        if (Date.now() - lastLog > 2000) {
          lastLog = Date.now();
          progress.log(`  ${rel}: ${mb(done)}${total ? ` of ${mb(total)}` : ''}`);
        }
      },
    });
    progress.tick(1, got.status === 'downloaded' ? `downloaded ${mb(got.bytes)}` : 'cached copy is current (304)');
    progress.stop();
    downloads.push({ ...got, path: relative(layout.project, file) });
  }

  const scheduleFile = downloads[0]!.file;
  const parsed = importNflverseSchedules(readFileSync(scheduleFile, 'utf8'), relative(layout.project, scheduleFile));
  const inRange = (s: number) => s >= from && s <= to;
  parsed.dataset.games = parsed.dataset.games.filter((g) => inRange(g.season));
  const ids = new Set(parsed.dataset.games.map((g) => g.game_id));
  parsed.dataset.lines = parsed.dataset.lines.filter((l) => ids.has(l.game_id));
  // Rows of other seasons are not this pull's business, bad or not.
  const seasonAt = parsed.header.indexOf('season');
  const rejects = parsed.rejects.filter((r) => !/^\d{4}$/.test(r.cells[seasonAt] ?? '') || inRange(Number(r.cells[seasonAt])));
  if (!req.skipBadRows) assertNoRejects(rejects);
  const warehouse = warehousePath(layout, data);
  const load = await loadDataset(warehouse, parsed.dataset, 'nflverse', { url: downloads[0]!.url, seasons: `${from}-${to}` });
  progress.log(`schedules ${from}-${to}: ${parsed.dataset.games.length} games, ${parsed.dataset.lines.length} lines`);
  const pbp = req.pbp
    ? await importPbpFiles(layout, downloads.slice(1).map((d) => d.file), { skipBadRows: req.skipBadRows, log: (l) => progress.log(l) })
    : null;
  return {
    downloads,
    schedules: { rows: rowCounts(parsed.dataset), load, rejected: rejects.length, rejects: firstRejects(rejects) },
    pbp,
    warehouse,
  };
}
