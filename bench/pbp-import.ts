// `data import nflverse-pbp` on one NFL season of play-by-play (50,000 plays × 372 columns, the
// published layout, synthetic values) against pandas read_csv + the same groupby (Debian's
// python3-pandas, /usr/bin/python3) in the same run: interleaved rounds, both sides warm, start-up
// and imports outside the timer, one thread each (pandas' CSV reader is single-threaded; DuckDB
// is pinned with EDGELAB_DUCKDB_THREADS=1). Run: node --import tsx bench/pbp-import.ts [rounds]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createLayout } from '../src/artifacts/layout.ts';
import { importFile } from '../src/workflow/data-import.ts';
import { importPbpFiles } from '../src/workflow/data-import-pbp.ts';
import { PBP_COLUMNS } from '../test/support/nflverse-pbp-columns.ts';
import { playCells, type PbpPlay } from '../test/support/pbp-fixture.ts';
import { scheduleCsv, type ScheduleGame } from '../test/support/nflverse-schedule-fixture.ts';

process.env.EDGELAB_DUCKDB_THREADS ??= '1';
const ROUNDS = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'bench-pbp-'));
const TEAMS = ['ARI', 'ATL', 'BAL', 'BUF', 'CAR', 'CHI', 'CIN', 'CLE', 'DAL', 'DEN', 'DET', 'GB', 'HOU', 'IND', 'JAX', 'KC', 'LA', 'LAC', 'LV', 'MIA', 'MIN', 'NE', 'NO', 'NYG', 'NYJ', 'PHI', 'PIT', 'SEA', 'SF', 'TB', 'TEN', 'WAS'];

// 272 regular-season games, ~184 plays each ≈ 50,000 plays.
const games: ScheduleGame[] = [];
for (let w = 1; w <= 17; w++)
  for (let k = 0; k < 16; k++) {
    const home = TEAMS[(k + w) % 32]!;
    const away = TEAMS[(k + w + 16) % 32]!;
    games.push({ game_id: `2023_${String(w).padStart(2, '0')}_${away}_${home}`, season: 2023, game_type: 'REG', week: w, gameday: `2023-09-${String(1 + (w % 28)).padStart(2, '0')}`, gametime: '13:00', home_team: home, away_team: away, home_score: 20 + (k % 9), away_score: 17 + (w % 11), spread_line: 2.5, total_line: 44.5 });
  }
const schedule = join(dir, 'games.csv');
writeFileSync(schedule, scheduleCsv(games));

// Filler for the columns the aggregate ignores: numbers where nflverse has numbers, some text, NA.
const file = join(dir, 'play_by_play_2023.csv');
const lines: string[] = [PBP_COLUMNS.join(',')];
let i = 0;
for (const g of games) {
  for (let k = 0; k < 184; k++, i++) {
    const posteam = k % 2 ? g.home_team : g.away_team;
    const kind = k % 23 === 0 ? 'punt' : k % 3 === 0 ? 'run' : 'pass';
    const play: PbpPlay = { game_id: g.game_id, season: 2023, week: g.week, home_team: g.home_team, away_team: g.away_team, posteam, play_type: kind as PbpPlay['play_type'], yards_gained: (i * 37) % 29 - 4, epa: ((i * 7919) % 400) / 100 - 2, drive: 1 + Math.floor(k / 8) };
    const c = playCells(play, i);
    lines.push(PBP_COLUMNS.map((col, j) => {
      const v = c[col];
      if (v !== undefined) return v === null ? 'NA' : typeof v === 'string' && /[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v);
      const h = (i * 31 + j * 17) % 10;
      return h < 4 ? 'NA' : h < 8 ? (((i + j) % 1000) / 997).toFixed(6) : h === 8 ? String((i + j) % 40) : `00-00${(i + j) % 9999}`;
    }).join(','));
  }
}
writeFileSync(file, lines.join('\n') + '\n');
const mb = statSync(file).size / 1e6;

const layout = createLayout(join(dir, 'proj'));
await importFile(layout, { kind: 'nflverse', file: schedule });

const py = spawn('/usr/bin/python3', [join(import.meta.dirname, 'pbp_import_reference.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
const answers = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
const pandas = async (mode: string): Promise<number> => {
  py.stdin.write(`${mode} ${file}\n`);
  const { value } = await answers.next();
  const [secs, n] = String(value).split(' ');
  if (Number(n) !== games.length * 2) throw new Error(`pandas aggregated ${n} team games, expected ${games.length * 2}`);
  return Number(secs) * 1000;
};
const edgelab = async (): Promise<number> => {
  const t0 = performance.now();
  const out = await importPbpFiles(layout, [file]);
  const ms = performance.now() - t0;
  if (out.rows.team_game !== games.length * 2) throw new Error(`edgelab aggregated ${out.rows.team_game} team games`);
  return ms;
};

console.log(`play-by-play: ${i.toLocaleString('en-US')} plays × ${PBP_COLUMNS.length} columns, ${mb.toFixed(1)} MB CSV; threads: DuckDB ${process.env.EDGELAB_DUCKDB_THREADS}, pandas 1`);
await edgelab(); // warm-up (first load inserts; the timed rounds re-import: same aggregation, upsert unchanged)
await pandas('usecols');
await pandas('all');
const t = { edgelab: [] as number[], usecols: [] as number[], all: [] as number[] };
for (let r = 0; r < ROUNDS; r++) {
  t.edgelab.push(await edgelab());
  t.usecols.push(await pandas('usecols'));
  t.all.push(await pandas('all'));
  console.log(`round ${r + 1}: edgelab ${t.edgelab[r]!.toFixed(0)} ms, pandas usecols ${t.usecols[r]!.toFixed(0)} ms, pandas all columns ${t.all[r]!.toFixed(0)} ms; load ${loadavg()[0]!.toFixed(2)}`);
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`median: edgelab ${med(t.edgelab).toFixed(0)} ms, pandas read_csv(usecols) + groupby ${med(t.usecols).toFixed(0)} ms, pandas read_csv(all) + groupby ${med(t.all).toFixed(0)} ms`);
console.log(`ratio edgelab ÷ pandas(usecols) = ${(med(t.edgelab) / med(t.usecols)).toFixed(2)}×, ÷ pandas(all columns) = ${(med(t.edgelab) / med(t.all)).toFixed(2)}× (goal ≤ 0.5×); 1-minute load average ${loadavg()[0]!.toFixed(2)}`);
py.stdin.end();
rmSync(dir, { recursive: true, force: true });
