// --season, --week and --season-type, read the same way by predict, score, week and report. A
// module of its own so that score and report do not load predict's workflow (the models, the
// training code) for three options.
import { choiceOption, intOption } from './figures.ts';

export interface WeekOpts {
  season: string;
  week: string;
  seasonType: string;
  json?: boolean;
}

export function weekOptions(opts: WeekOpts): { season: number; week: number; seasonType: 'regular' | 'postseason' } {
  return {
    season: intOption('--season', opts.season, 1869, 2200)!,
    week: intOption('--week', opts.week, 0, 99)!,
    seasonType: choiceOption('--season-type', opts.seasonType, ['regular', 'postseason'] as const)!,
  };
}
