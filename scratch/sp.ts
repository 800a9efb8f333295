import { generateDemoLeague } from '../src/data/sources/demo/league.ts';
const l = generateDemoLeague({ seasons: [2014, 2025], seed: 42 });
const s = l.dataset.lines.map((x) => x.spread).filter((x): x is number => x !== null);
const m = s.reduce((a, b) => a + b, 0) / s.length;
console.log(m.toFixed(2), Math.sqrt(s.reduce((a, b) => a + (b - m) ** 2, 0) / s.length).toFixed(1));
