// NFL conference of each nflverse team abbreviation (current and relocated franchises), so a game
// can say whether it is a conference game. The schedules file itself only has `div_game`.
const AFC = ['BAL', 'BUF', 'CIN', 'CLE', 'DEN', 'HOU', 'IND', 'JAX', 'KC', 'LV', 'OAK', 'LAC', 'SD', 'MIA', 'NE', 'NYJ', 'PIT', 'TEN'];
const NFC = ['ARI', 'ATL', 'CAR', 'CHI', 'DAL', 'DET', 'GB', 'LA', 'LAR', 'STL', 'MIN', 'NO', 'NYG', 'PHI', 'SEA', 'SF', 'TB', 'WAS'];

const CONFERENCE = new Map<string, 'AFC' | 'NFC'>([...AFC.map((t) => [t, 'AFC'] as const), ...NFC.map((t) => [t, 'NFC'] as const)]);

export function nflConference(team: string): 'AFC' | 'NFC' | null {
  return CONFERENCE.get(team) ?? null;
}
