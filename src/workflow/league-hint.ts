// When the configured league has no games but the warehouse holds another sport's, the real
// cause is a league mismatch (a project initialised for one league, data of the other): say so,
// with the command that fixes it.
import type { Layout } from '../artifacts/layout.ts';
import type { EdgelabConfig } from '../config/schema.ts';
import { openWarehouse } from '../data/warehouse.ts';
import { warehousePath } from './data-config.ts';

export async function noGamesMessage(layout: Layout, config: EdgelabConfig): Promise<string> {
  const { sport, league } = config.data;
  let other: { sport: string; n: number }[] = [];
  try {
    const wh = await openWarehouse(warehousePath(layout, config.data), { readOnly: true });
    try {
      const r = await wh.query(`SELECT COALESCE(sport, 'cfb') AS sport, count(*) AS n FROM games GROUP BY 1 ORDER BY 1`);
      other = r.rows.map(([s, n]) => ({ sport: String(s), n: Number(n) })).filter((x) => x.sport !== sport);
    } finally {
      await wh.close();
    }
  } catch {
    // No warehouse at all: the plain message below says what to load.
  }
  const head = `the warehouse has no ${sport} games (data.sport=${sport}, league profile ${league})`;
  if (other.length > 0) {
    const o = other[0]!;
    return `${head}, but it holds ${o.n} ${o.sport} games: a league mismatch. Use that league with edgelab init --league ${o.sport} (switches an unchanged conf/config.yaml) or league=${o.sport} on the command line`;
  }
  return `${head}: load data first (${sport === 'nfl' ? 'edgelab data pull nflverse --seasons 2015-2025 --pbp' : 'edgelab data import csv games.csv --table games, or edgelab data demo'})`;
}
