// nflverse gives kickoff as a US Eastern local date and time (`gameday`, `gametime`); the
// warehouse keeps UTC. The offset (EST -5 / EDT -4) comes from the runtime's time-zone data.
const ZONE = 'America/New_York';

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Offset of Eastern time from UTC at the instant `t` (ms), e.g. -4 h in summer. */
function offsetAt(t: number): number {
  const p = Object.fromEntries(partsFormat.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const local = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return local - Math.floor(t / 1000) * 1000;
}

/** UTC instant (ms) of an Eastern wall-clock time; y/mo/d/h/mi as written (month 1-12). */
export function easternToUtc(y: number, mo: number, d: number, h: number, mi: number): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const first = wall - offsetAt(wall);
  const second = wall - offsetAt(first);
  return second;
}
