// What to run next, for a tree that is empty or only part way through the lab's path. The page
// shows these steps instead of an error.
import { existsSync } from 'node:fs';
import type { Layout } from '../artifacts/layout.ts';

export interface NextStep {
  what: string;
  command: string;
}

export interface TreeState {
  experiments: string[];
  champion: string | null;
  production: boolean;
}

export function nextSteps(layout: Layout, s: TreeState): NextStep[] {
  const steps: NextStep[] = [];
  if (!existsSync(layout.root) || !existsSync(layout.confDir))
    steps.push({ what: 'create the project (configuration and artifacts tree)', command: 'edgelab init' });
  if (!existsSync(layout.warehouse))
    steps.push({ what: 'load data: the demo league (or `edgelab data import` / `edgelab data pull`)', command: 'edgelab data demo' });
  if (s.experiments.length === 0) steps.push({ what: 'train the phase-1 baseline with walk-forward evaluation', command: 'edgelab train experiment=v2-001' });
  if (!s.champion) steps.push({ what: 'make it the champion (the benchmark later candidates must beat)', command: `edgelab promote ${s.experiments[0] ?? 'v2-001'}` });
  if (!s.production)
    steps.push({ what: 'run the weekly loop: score last week, monitor, validate and predict this week', command: 'edgelab week --season <S> --week <W>' });
  return steps;
}
