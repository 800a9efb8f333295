// Check: week labels that contradict kickoff order. A game labelled week W that kicks off after
// a game labelled a later week of the same season type (or before an earlier one) is mislabelled
// or was moved; edgelab orders time by kickoff, but the weekly bets, reports and validation
// group by label, so the user should know.
import { Findings, type CheckResult, type WeekData } from './types.ts';

export function weekOrder(d: WeekData): CheckResult {
  const f = new Findings();
  const same = d.all.games.filter((g) => g.season === d.season && g.season_type === d.seasonType && g.week !== d.week);
  const later = same.filter((g) => g.week > d.week);
  const earlier = same.filter((g) => g.week < d.week);
  const minBy = (gs: typeof same) => gs.reduce<(typeof same)[number] | undefined>((m, g) => (m === undefined || g.start_date < m.start_date ? g : m), undefined);
  const maxBy = (gs: typeof same) => gs.reduce<(typeof same)[number] | undefined>((m, g) => (m === undefined || g.start_date > m.start_date ? g : m), undefined);
  const firstLater = minBy(later);
  const lastEarlier = maxBy(earlier);
  for (const g of d.week_.games) {
    const t = Date.parse(g.start_date);
    if (firstLater && t > Date.parse(firstLater.start_date)) {
      f.add('games', `game_id=${g.game_id}`, `week ${g.week} kicks off ${g.start_date.slice(0, 10)}, after week ${firstLater.week}'s ${firstLater.game_id} (${firstLater.start_date.slice(0, 10)})`, g);
    } else if (lastEarlier && t < Date.parse(lastEarlier.start_date)) {
      f.add('games', `game_id=${g.game_id}`, `week ${g.week} kicks off ${g.start_date.slice(0, 10)}, before week ${lastEarlier.week}'s ${lastEarlier.game_id} (${lastEarlier.start_date.slice(0, 10)})`, g);
    }
  }
  return f.result('week_order', 'warn', 'games whose week label contradicts kickoff order', 'week labels follow kickoff order');
}
