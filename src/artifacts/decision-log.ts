// docs/decisions/decision_log.md: an append-only record of every promotion and rollback, written
// as an architecture-decision entry (context, decision, reasoning, impact).
import { existsSync, readFileSync } from 'node:fs';
import type { Layout } from './layout.ts';
import { writeFileAtomic } from './atomic.ts';
import { withLockSync } from './lock.ts';

export interface DecisionEntry {
  at: string;
  title: string;
  context: string;
  decision: string;
  reasoning: string[];
  impact: string;
}

const HEADER = '# Decision log\n\nEvery change of the champion model, newest last. Written by `edgelab promote` and `edgelab rollback`.\n';

export function formatDecision(e: DecisionEntry): string {
  return [
    `\n## ${e.at.slice(0, 10)} — ${e.title}`,
    '',
    `**Context.** ${e.context}`,
    '',
    `**Decision.** ${e.decision}`,
    '',
    '**Reasoning.**',
    ...e.reasoning.map((r) => `- ${r}`),
    '',
    `**Impact.** ${e.impact}`,
    '',
    `_Recorded ${e.at}._`,
    '',
  ].join('\n');
}

export function appendDecision(layout: Layout, e: DecisionEntry): void {
  withLockSync(`${layout.decisionLog}.lock`, () => {
    const text = existsSync(layout.decisionLog) ? readFileSync(layout.decisionLog, 'utf8') : HEADER;
    writeFileAtomic(layout.decisionLog, text.replace(/\n*$/, '\n') + formatDecision(e));
  });
}
