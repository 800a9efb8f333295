// "1 bet", "3 bets": counts in messages agree with their nouns (issue 20, point 9).

/** `n` and the noun, plural unless n is exactly 1 (regular English plurals, or the one given). */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
