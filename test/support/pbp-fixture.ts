// Writes play-by-play files in nflverse's published layout (all 372 columns, `NA` for missing
// values as nflverse's CSVs have them) with synthetic plays: for tests and the benchmark.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { PBP_COLUMNS } from './nflverse-pbp-columns.ts';

export interface PbpPlay {
  game_id: string;
  season: number;
  week: number;
  season_type?: 'REG' | 'POST';
  home_team: string;
  away_team: string;
  /** null: a row without possession (game start, end of quarter, timeout). */
  posteam: string | null;
  play_type: 'pass' | 'run' | 'punt' | 'kickoff' | 'no_play' | 'field_goal' | null;
  yards_gained: number | null;
  epa: number | null;
  drive?: number | null;
  /** Defaults: pass = play_type pass, rush = play_type run, success = epa > 0. */
  pass?: 0 | 1;
  rush?: 0 | 1;
  success?: 0 | 1;
}

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return 'NA';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The cells of one play, keyed by column (everything not given is NA or a plain filler). */
export function playCells(p: PbpPlay, i: number): Record<string, unknown> {
  const isPass = p.play_type === 'pass';
  const isRush = p.play_type === 'run';
  const defteam = p.posteam === null ? null : p.posteam === p.home_team ? p.away_team : p.home_team;
  return {
    play_id: i + 1,
    game_id: p.game_id,
    old_game_id: 2000000000 + i,
    home_team: p.home_team,
    away_team: p.away_team,
    season_type: p.season_type ?? 'REG',
    week: p.week,
    posteam: p.posteam,
    posteam_type: p.posteam === null ? null : p.posteam === p.home_team ? 'home' : 'away',
    defteam,
    yardline_100: 25 + (i % 50),
    game_date: `${p.season}-09-10`,
    drive: p.drive ?? null,
    qtr: 1 + (i % 4),
    down: 1 + (i % 4),
    desc: `(${15 - (i % 15)}:00) 12-A.Player pass short right to 88-B.Player, "synthetic" play ${i}`,
    play_type: p.play_type,
    yards_gained: p.yards_gained,
    ep: (1.5 + (i % 7) * 0.21).toFixed(6),
    epa: p.epa,
    wp: 0.5,
    rush_attempt: isRush ? 1 : 0,
    pass_attempt: isPass ? 1 : 0,
    season: p.season,
    success: p.success ?? (p.epa === null ? null : p.epa > 0 ? 1 : 0),
    pass: p.pass ?? (isPass ? 1 : 0),
    rush: p.rush ?? (isRush ? 1 : 0),
    play: isPass || isRush ? 1 : 0,
    stadium: 'Synthetic Field, Somewhere',
  };
}

/** CSV text with nflverse's header (minus `drop`), one row per play. */
export function pbpCsv(plays: readonly PbpPlay[], opts: { drop?: string[] } = {}): string {
  const cols = PBP_COLUMNS.filter((c) => !(opts.drop ?? []).includes(c));
  const out: string[] = [cols.join(',')];
  // Most of the 372 columns are NA in every row: a row is the all-NA row's text between the
  // columns playCells fills (the same text as writing every column of every row, for a fifth of
  // the CPU: the NFL end-to-end file writes 5 MB of it).
  const at = new Map(cols.map((c, i) => [c, i]));
  const NA = (from: number, to: number) => cols.slice(from, to).map(() => 'NA');
  const layouts = new Map<string, { keys: string[]; gaps: string[] }>();
  plays.forEach((p, i) => {
    const c = playCells(p, i);
    const given = Object.keys(c).filter((k) => at.has(k));
    const sig = given.join(',');
    let l = layouts.get(sig);
    if (!l) {
      const keys = given.sort((a, b) => at.get(a)! - at.get(b)!);
      const pos = keys.map((k) => at.get(k)!);
      // gaps[g]: the text before key g (after key g-1), commas included; the last: the row's tail.
      const gaps = [...pos, cols.length].map((q, g) => {
        const from = g === 0 ? 0 : pos[g - 1]! + 1;
        const cells = NA(from, q);
        return (g === 0 ? '' : ',') + cells.join(',') + (cells.length && g < pos.length ? ',' : '');
      });
      l = { keys, gaps };
      layouts.set(sig, l);
    }
    let line = l.gaps[0]!;
    for (let g = 0; g < l.keys.length; g++) line += cell(c[l.keys[g]!]) + l.gaps[g + 1]!;
    out.push(line);
  });
  return out.join('\n') + '\n';
}

export function writePbp(file: string, plays: readonly PbpPlay[], opts: { drop?: string[] } = {}): void {
  const text = pbpCsv(plays, opts);
  writeFileSync(file, file.endsWith('.gz') ? gzipSync(text) : text);
}

/**
 * Synthetic plays for every played game of a schedule: `perTeam` pass/run plays per team with
 * EPA that leans toward the team that won, plus a kickoff and a row without possession.
 */
export function playsForSchedule(
  games: readonly { game_id: string; season: number; week: number; game_type: string; home_team: string; away_team: string; home_score: number | null; away_score: number | null }[],
  perTeam = 6,
): PbpPlay[] {
  const plays: PbpPlay[] = [];
  let k = 0;
  for (const g of games) {
    if (g.home_score === null || g.away_score === null) continue;
    const base = { game_id: g.game_id, season: g.season, week: g.week, season_type: (g.game_type === 'REG' ? 'REG' : 'POST') as 'REG' | 'POST', home_team: g.home_team, away_team: g.away_team };
    plays.push({ ...base, posteam: null, play_type: null, yards_gained: null, epa: null });
    plays.push({ ...base, posteam: g.home_team, play_type: 'kickoff', yards_gained: 0, epa: 0 });
    const lean = (g.home_score - g.away_score) / 40;
    for (const [team, sign] of [[g.home_team, 1], [g.away_team, -1]] as const) {
      for (let i = 0; i < perTeam; i++) {
        k++;
        const wobble = ((k * 7919) % 200) / 100 - 1; // deterministic in [-1, 1)
        plays.push({ ...base, posteam: team, play_type: i % 2 ? 'run' : 'pass', yards_gained: Math.round(5 + 8 * wobble + 10 * sign * lean), epa: +(0.8 * wobble + sign * lean).toFixed(4), drive: 1 + Math.floor(i / 3) });
      }
    }
  }
  return plays;
}
