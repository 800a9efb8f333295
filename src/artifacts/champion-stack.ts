// Where a rollback goes (issue 17): the champion registry's history read as a stack. A promotion
// pushes its model (moving it to the top if it was already below); a rollback removes every model
// above its target and leaves the target on top. The default rollback target is the model just
// below the top — the champion before the current one, however many rollbacks came before — so
// rolling back twice walks down the stack instead of flipping between the last two models.
// A model that was rolled back from (and not promoted again since) is never a rollback target
// without --force --reason.
import type { ChampionEvent } from './champion.ts';

export interface ChampionStack {
  /** Bottom first; the last element is the current champion. */
  stack: string[];
  /** Models rolled back from and not promoted since. */
  rolled_back: string[];
}

export function championStack(history: readonly ChampionEvent[]): ChampionStack {
  let stack: string[] = [];
  const rolledBack = new Set<string>();
  for (const e of history) {
    if (!e.current) continue;
    if (e.action === 'rollback') {
      const at = stack.lastIndexOf(e.current);
      if (at >= 0) stack = stack.slice(0, at + 1);
      else stack = [...stack.filter((x) => x !== e.previous), e.current];
      if (e.previous) rolledBack.add(e.previous);
      rolledBack.delete(e.current);
    } else {
      stack = [...stack.filter((x) => x !== e.current), e.current];
      rolledBack.delete(e.current);
    }
  }
  return { stack, rolled_back: [...rolledBack] };
}

/** The default rollback target: the model below the current champion on the stack (null: none). */
export function rollbackTarget(s: ChampionStack): string | null {
  return s.stack.length >= 2 ? s.stack[s.stack.length - 2]! : null;
}

/** The stack after rolling back to `target`: what champion_previous should point at next. */
export function belowAfterRollback(s: ChampionStack, target: string): string | null {
  const at = s.stack.lastIndexOf(target);
  const rest = at >= 0 ? s.stack.slice(0, at) : s.stack.slice(0, -1).filter((x) => x !== target);
  return rest.at(-1) ?? null;
}
