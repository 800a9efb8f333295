// `edgelab data demo`: generate the demo league and load it (the live season partly revealed).
// The generation parameters and the reveal week are saved in the warehouse, so a later
// `--reveal-week N` regenerates the same league and only reveals more of it.
import type { Layout } from '../artifacts/layout.ts';
import { openWarehouse, type LoadReport } from '../data/warehouse.ts';
import { generateDemoLeague, DEMO_ID_PREFIX } from '../data/sources/demo/league.ts';
import { demoFigures, type DemoFigures } from '../data/sources/demo/figures.ts';
import { formatReveal, liveView, NOTHING_REVEALED, type Reveal } from '../data/sources/demo/live.ts';
import { UsageError } from '../util/errors.ts';
import type { DataConfig } from '../config/groups/data.ts';
import { loadDataConfig, parseSeasonRange, warehousePath } from './data-config.ts';

export interface DemoRequest {
  seasons?: [number, number];
  seed?: number;
  /** null: no live season (every result loaded). */
  liveSeason?: number | null;
  reveal?: Reveal;
  /** The data configuration when the caller has composed it already (the demo's live season). */
  dataConfig?: DataConfig;
}

export interface DemoState {
  seasons: [number, number];
  seed: number;
  liveSeason: number | null;
  reveal: Reveal;
}

export interface DemoOutcome {
  state: DemoState;
  load: LoadReport;
  /** Figures of the full league (all results, live season included). */
  figures: DemoFigures;
  warehouse: string;
}

// The live-season demo reloads the same league once a week; generating it is pure and takes
// ≈ 0.1 s, so the last one is kept. Its rows are frozen: the weekly reveal hands the same row
// objects to every load, and a session's warehouse knows a frozen row it loaded before by
// identity (warehouse/table-image.ts LoadedRows) instead of comparing it column by column.
// The full league's figures (every result, whatever is revealed) are kept with it.
let lastLeague: { key: string; league: ReturnType<typeof generateDemoLeague>; figures: DemoFigures } | undefined;
function league(seasons: [number, number], seed: number): { league: ReturnType<typeof generateDemoLeague>; figures: DemoFigures } {
  const key = `${seasons[0]}-${seasons[1]}/${seed}`;
  if (lastLeague?.key !== key) {
    const generated = generateDemoLeague({ seasons, seed });
    const { games, lines, teamGames } = generated.dataset;
    for (const rows of [games, lines, teamGames] as object[][]) for (const r of rows) Object.freeze(r);
    lastLeague = { key, league: generated, figures: demoFigures(generated.dataset, generated.truth) };
  }
  return lastLeague;
}

const same = (a: DemoState, b: Omit<DemoState, 'reveal'>) =>
  a.seed === b.seed && a.seasons[0] === b.seasons[0] && a.seasons[1] === b.seasons[1] && a.liveSeason === b.liveSeason;

export async function loadDemoLeague(layout: Layout, req: DemoRequest): Promise<DemoOutcome> {
  const cfg = req.dataConfig ?? loadDataConfig(layout);
  const warehouse = warehousePath(layout, cfg);
  const wh = await openWarehouse(warehouse);
  try {
    const prev = (await wh.sourceState('demo')) as DemoState | undefined;
    const seasons = req.seasons ?? prev?.seasons ?? parseSeasonRange(cfg.demo.seasons)!;
    const seed = req.seed ?? prev?.seed ?? cfg.demo.seed;
    let liveSeason: number | null;
    if (req.liveSeason !== undefined) liveSeason = req.liveSeason;
    else if (prev && req.seasons === undefined) liveSeason = prev.liveSeason;
    else liveSeason = cfg.demo.live_season >= seasons[0] && cfg.demo.live_season <= seasons[1] ? cfg.demo.live_season : null;
    if (liveSeason !== null && liveSeason !== seasons[1])
      throw new UsageError(`--live-season ${liveSeason} must be the last demo season (${seasons[0]}-${seasons[1]})`);
    const params = { seasons, seed, liveSeason };
    const reveal = req.reveal ?? (prev && same(prev, params) ? prev.reveal : NOTHING_REVEALED);
    if (req.reveal && liveSeason === null) throw new UsageError('--reveal-week needs a live season (--live-season YEAR)');
    const { league: { dataset }, figures } = league(seasons, seed);
    const view = liveSeason === null ? dataset : liveView(dataset, liveSeason, reveal);
    const state: DemoState = { ...params, reveal };
    const load = await wh.load(view, {
      source: 'demo',
      params: { ...params, reveal: formatReveal(reveal) },
      scope: { gameIdPrefix: DEMO_ID_PREFIX },
      state,
    });
    return { state, load, figures: { ...figures }, warehouse };
  } finally {
    await wh.close();
  }
}
