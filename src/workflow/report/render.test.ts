import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tallyBets } from '../../evaluation/bet-totals.ts';
import type { ScoredRow } from '../../readers/dashboard-data.ts';
import { renderHtml, renderMarkdown } from './render.ts';
import type { WeeklyReport } from './gather.ts';

const scored = (p: Partial<ScoredRow>): ScoredRow => ({
  game_id: 'g', home_team: 'Dunmore', away_team: 'Rockport', prediction: 0, edge: 3, bet_type: 'spread', recommended_units: 1, season: 2023, week: 6,
  side: 'away', line: -20, price: -110, cover_probability: 0.6, expected_value: 0.1, model_id: 'v2-001', generated_at: '2023-10-01T00:00:00.000Z',
  actual_outcome: -3, result: 'win', units_won: 0.9091, closing_line: -17.5, clv: 2.5, clv_prob: 0.0643, ...p,
});

function report(rows: ScoredRow[]): WeeklyReport {
  const tally = tallyBets(rows.map((r) => ({ result: r.result, recommended_units: r.recommended_units, units_won: r.units_won, edge: r.edge, clv: r.clv })));
  return {
    key: { season: 2023, week: 7, season_type: 'regular' }, label: '2023 week 7', model_id: 'v2-001', generated_at: 'now', bets: [],
    last_week: { label: '2023 week 6', rows, tally },
    season: [{ market: 'all', tally, hit_rate: null, roi: null }],
    cumulative: [], alert: null,
  };
}

test('report: last week shows each bet’s CLV in points and probability and their mean; the season table its mean', () => {
  const r = report([scored({}), scored({ game_id: 'h', side: 'home', line: 16, closing_line: 14, clv: 2, clv_prob: 0.0515, result: 'loss', units_won: -1 }), scored({ game_id: 'i', bet_type: 'total', side: 'under', line: 65, closing_line: 65, clv: 0, clv_prob: 0 })]);
  const md = renderMarkdown(r);
  assert.match(md, /\| Rockport @ Dunmore \| Rockport \+20 \| spread \| win \| \+0\.91 \| \+2\.5 pts \(\+6\.4%\) \|/);
  assert.match(md, /\| Rockport @ Dunmore \| under 65 \| total \| win \| \+0\.91 \| 0\.0 pts \(0\.0%\) \|/);
  // (2.5 + 2 + 0) / 3 = 1.5 points; (6.43% + 5.15% + 0) / 3 = 3.86%
  assert.match(md, /mean \+1\.5 pts \(\+3\.9%\) over 3 bets\./);
  assert.match(md, /\| all \| 3 \| 2-1-0 \| .* \| \+1\.5 pts \| /);
  assert.match(renderHtml(r), /<td>\+2\.5 pts \(\+6\.4%\)<\/td>/);
});

test('report: bets made at the close say why they have no CLV (no blank, no bare dash alone)', () => {
  const md = renderMarkdown(report([scored({ clv: null, clv_prob: null, closing_line: -20 })]));
  assert.match(md, /\| win \| \+0\.91 \| — \|/);
  assert.match(md, /CLV: no closing-line value: these bets were made at the closing line \(evaluation\.bet_line=closing\)/);
});
