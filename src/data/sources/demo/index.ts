// The demo league: a deterministic simulated college league (see docs/demo-league.md).
export { generateDemoLeague, DEMO_ID_PREFIX, type DemoLeague, type DemoOptions, type GameTruth } from './league.ts';
export { demoFigures, type DemoFigures } from './figures.ts';
export { liveView, parseReveal, formatReveal, NOTHING_REVEALED, ALL_REVEALED, type Reveal } from './live.ts';
