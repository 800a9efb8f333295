// Number formats shared by the commands that print figures (percentages, bytes, points), and
// the parsing of numeric options (a bad value is a usage error, exit 2).
import { UsageError } from '../util/errors.ts';

/** A share as a percentage; no value prints as an em dash (never a blank). */
export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(digits)}%`;
}

export function fixed(x: number | string | null | undefined, digits = 2): string {
  const n = typeof x === 'string' ? Number(x) : x;
  return n === null || n === undefined || x === '' || !Number.isFinite(n) ? '—' : n.toFixed(digits);
}

/** "1 bet", "3 bets" (one helper for every room: util/plural.ts). */
export { count } from '../util/plural.ts';

/** 1234567 → "1.2 MB" (decimal units, as `du --si` prints them). */
export function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** An integer option within [min, max]; anything else is a usage error naming the option. */
export function intOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\s*-?\d+\s*$/.test(value) || n < min || n > max) throw new UsageError(`${name} ${JSON.stringify(value)}: expected a whole number from ${min} to ${max}`);
  return n;
}

/** A choice option; anything else is a usage error listing the choices. */
export function choiceOption<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${name} ${JSON.stringify(value)}: expected one of ${choices.join(', ')}`);
  return value as T;
}

/** "home +27.5", "away -3", "over 44.5": a bet's side and its number (spreads are quoted for the
 *  home side, so the away side's number is the negative). The market follows from the side. */
export function pick(side: string, line: number | string): string {
  const n = Number(line);
  if (side !== 'home' && side !== 'away') return `${side} ${line}`;
  if (line === '' || !Number.isFinite(n)) return `${side} ${line}`;
  const mine = side === 'home' ? n : -n;
  return `${side} ${mine > 0 ? '+' : ''}${mine === 0 ? 0 : mine}`;
}
