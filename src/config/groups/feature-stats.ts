// The team_game statistics that features may aggregate (conf/features/*.yaml names them; the
// warehouse's team_game table has a column for each). Per-game rates and counts, not plays or
// drives: volume, not quality.
export const FEATURE_STATS = [
  'points',
  'yards_per_play',
  'success_rate',
  'epa_per_play',
  'explosiveness',
  'rush_yards_per_play',
  'pass_yards_per_play',
  'points_per_drive',
  'pass_epa_per_play',
  'rush_epa_per_play',
  'pass_success_rate',
  'rush_success_rate',
  'explosive_play_rate',
] as const;
