// Which columns a feature set produces and how each is computed from the week's state. The
// matchup family is derived from the others: `diff_X` = home_X - away_X for every home/away
// pair, and configured products [a, b] give `a_x_b`.
import type { FeaturesConfig } from '../config/groups/features.ts';
import { UserError, suggest } from '../util/errors.ts';
import type { History, IndexedGame, Target } from './history.ts';
import type { RatingState } from './ratings.ts';
import type { StatState } from './stats.ts';
import { eloExpected, type EloState } from './elo.ts';

export interface MarketLine {
  spread: number;
  total: number;
}

export interface WeekState {
  hist: History;
  target: Target;
  ratings: RatingState | null;
  stats: StatState | null;
  elo: EloState | null;
  market: Map<string, MarketLine>;
  /** Days of rest for a team before a game of the target week. */
  rest: (team: number, g: IndexedGame) => number;
}

type Getter = (g: IndexedGame, s: WeekState) => number;

export interface ColumnPlan {
  columns: string[];
  base: Getter[];
  /** Derived columns: [left index, right index, operation]. */
  derived: Array<[number, number, 'diff' | 'product']>;
}

const sides = [['home', (g: IndexedGame) => g.home], ['away', (g: IndexedGame) => g.away]] as const;

export function planColumns(cfg: FeaturesConfig): ColumnPlan {
  const names: string[] = [];
  const base: Getter[] = [];
  const add = (name: string, get: Getter) => {
    names.push(name);
    base.push(get);
  };
  if (cfg.ratings.enabled) {
    for (const [side, team] of sides) add(`${side}_rating`, (g, s) => s.ratings!.rating[team(g)]!);
    add('rating_margin', (g, s) => {
      const r = s.ratings!;
      return r.rating[g.home]! - r.rating[g.away]! + (g.game.neutral_site ? 0 : r.hfa);
    });
    if (cfg.ratings.offense_defense) {
      for (const [side, team] of sides) {
        add(`${side}_off_rating`, (g, s) => s.ratings!.off![team(g)]!);
        add(`${side}_def_rating`, (g, s) => s.ratings!.def![team(g)]!);
      }
    }
  }
  if (cfg.elo.enabled) {
    const elo = cfg.elo;
    for (const [side, team] of sides) add(`${side}_elo`, (g, s) => s.elo!.view(team(g), s.target.season));
    const edge: Getter = (g, s) =>
      s.elo!.view(g.home, s.target.season) - s.elo!.view(g.away, s.target.season) + (g.game.neutral_site ? 0 : elo.home_advantage);
    add('elo_edge', edge);
    add('elo_home_prob', (g, s) => eloExpected(edge(g, s)));
  }
  if (cfg.stats.enabled) {
    cfg.stats.columns.forEach((col, i) => {
      for (const [side, team] of sides) {
        add(`${side}_off_${col}`, (g, s) => s.stats!.off[i]![team(g)]!);
        add(`${side}_def_${col}`, (g, s) => s.stats!.def[i]![team(g)]!);
      }
    });
  }
  for (const sit of cfg.situational) {
    if (sit === 'rest') for (const [side, team] of sides) add(`${side}_rest`, (g, s) => s.rest(team(g), g));
    else if (sit === 'neutral_site') add('neutral_site', (g) => (g.game.neutral_site ? 1 : 0));
    else if (sit === 'home') add('home', (g) => (g.game.neutral_site ? 0 : 1));
    else if (sit === 'week') add('week', (g) => g.seasonWeek);
    else if (sit === 'postseason') add('postseason', (g) => (g.game.season_type === 'postseason' ? 1 : 0));
    else add('conference_game', (g) => (g.game.conference_game ? 1 : 0));
  }
  if (cfg.market.enabled) {
    add('spread', (g, s) => s.market.get(g.game.game_id)?.spread ?? NaN);
    add('total', (g, s) => s.market.get(g.game.game_id)?.total ?? NaN);
  }
  const derived: ColumnPlan['derived'] = [];
  const columns = [...names];
  if (cfg.matchup.differences) {
    names.forEach((n, i) => {
      if (!n.startsWith('home_')) return;
      const j = names.indexOf(`away_${n.slice(5)}`);
      if (j < 0) return;
      columns.push(`diff_${n.slice(5)}`);
      derived.push([i, j, 'diff']);
    });
  }
  for (const [a, b] of cfg.matchup.products) {
    const idx = [a, b].map((c) => {
      const i = columns.indexOf(c);
      if (i < 0) {
        const hint = suggest(c, columns);
        throw new UserError(
          `feature set "${cfg.name}": matchup.products names unknown column "${c}"${hint ? ` (did you mean "${hint}"?)` : ''}; columns of this set: ${columns.join(', ')}`,
          2,
        );
      }
      return i;
    });
    columns.push(`${a}_x_${b}`);
    derived.push([idx[0]!, idx[1]!, 'product']);
  }
  return { columns, base, derived };
}

/** Fill one row's values according to the plan. */
export function rowValues(plan: ColumnPlan, g: IndexedGame, s: WeekState): Float64Array {
  const v = new Float64Array(plan.columns.length);
  const nb = plan.base.length;
  for (let i = 0; i < nb; i++) v[i] = plan.base[i]!(g, s);
  plan.derived.forEach(([a, b, op], k) => {
    v[nb + k] = op === 'diff' ? v[a]! - v[b]! : v[a]! * v[b]!;
  });
  return v;
}
