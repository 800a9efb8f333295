import { generateDemoLeague } from '../src/data/sources/demo/league.ts';
import { demoFigures } from '../src/data/sources/demo/figures.ts';
for (const seed of [42, 1, 2, 3]) {
  const l = generateDemoLeague({ seasons: [2014, 2025], seed });
  const f = demoFigures(l.dataset, l.truth);
  console.log(seed, JSON.stringify(f));
}
