// Typed reading of one text cell, shared by every file importer (CSV tables, nflverse). A bad cell
// throws a FieldError naming the field; the row loop turns it into a reject with FILE:LINE.
import type { SeasonType } from '../../schema.ts';

export class FieldError extends Error {
  constructor(public readonly field: string, public readonly reason: string) {
    super(`${field}: ${reason}`);
    this.name = 'FieldError';
  }
}

const NUMBER_RE = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

const show = (v: string) => JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);

/** Trimmed text; '' is null (or an error when required). */
export function text(v: string | undefined, field: string, required: true): string;
export function text(v: string | undefined, field: string, required?: false): string | null;
export function text(v: string | undefined, field: string, required = false): string | null {
  const s = (v ?? '').trim();
  if (s === '') {
    if (required) throw new FieldError(field, 'missing value');
    return null;
  }
  return s;
}

export interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
}

/** A finite decimal number; '' is null. Accepts what String(number) writes (exponents too). */
export function num(v: string | undefined, field: string, rule: NumberRule = {}): number | null {
  const s = (v ?? '').trim();
  if (s === '' || /^(na|nan|null)$/i.test(s)) return null;
  if (!NUMBER_RE.test(s)) throw new FieldError(field, `not a number: ${show(s)}`);
  let x = Number(s);
  if (!Number.isFinite(x)) throw new FieldError(field, `not a finite number: ${show(s)}`);
  if (Object.is(x, -0)) x = 0;
  if (rule.integer && !Number.isInteger(x)) throw new FieldError(field, `not a whole number: ${show(s)}`);
  if (rule.min !== undefined && x < rule.min) throw new FieldError(field, `${s} is below ${rule.min}`);
  if (rule.max !== undefined && x > rule.max) throw new FieldError(field, `${s} is above ${rule.max}`);
  return x;
}

export function requiredNum(v: string | undefined, field: string, rule: NumberRule = {}): number {
  const x = num(v, field, rule);
  if (x === null) throw new FieldError(field, 'missing value');
  return x;
}

const TRUE = new Set(['true', 't', '1', 'yes', 'y']);
const FALSE = new Set(['false', 'f', '0', 'no', 'n']);

/** true/false (also 1/0, yes/no, t/f); '' gives `fallback` (an error when it is undefined). */
export function bool(v: string | undefined, field: string, fallback?: boolean): boolean {
  const s = (v ?? '').trim().toLowerCase();
  if (s === '') {
    if (fallback === undefined) throw new FieldError(field, 'missing value');
    return fallback;
  }
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new FieldError(field, `not a boolean (true/false): ${show(s)}`);
}

/**
 * An ISO 8601 date or date-time, returned as a canonical UTC ISO string. A date alone means
 * midnight UTC; a date-time without an offset is read as UTC. Impossible dates (2023-02-30) fail.
 */
export function dateTime(v: string | undefined, field: string, required: true): string;
export function dateTime(v: string | undefined, field: string, required?: false): string | null;
export function dateTime(v: string | undefined, field: string, required = false): string | null {
  const s = (v ?? '').trim();
  if (s === '') {
    if (required) throw new FieldError(field, 'missing value');
    return null;
  }
  const m = DATE_RE.exec(s);
  if (!m) throw new FieldError(field, `unparseable date (want ISO 8601, e.g. 2023-09-07T20:20:00Z): ${show(s)}`);
  const [, y, mo, d, h = '0', mi = '0', sec = '0'] = m;
  const probe = new Date(Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +sec));
  if (
    probe.getUTCFullYear() !== +y! || probe.getUTCMonth() !== +mo! - 1 || probe.getUTCDate() !== +d! ||
    probe.getUTCHours() !== +h || probe.getUTCMinutes() !== +mi || probe.getUTCSeconds() !== +sec
  ) {
    throw new FieldError(field, `impossible date: ${show(s)}`);
  }
  const iso = m[4] === undefined ? `${y}-${mo}-${d}T00:00:00Z` : m[8] === undefined ? `${s.replace(' ', 'T')}Z` : s.replace(' ', 'T');
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new FieldError(field, `unparseable date: ${show(s)}`);
  return new Date(t).toISOString();
}

export function sport(v: string | undefined, field = 'sport'): 'cfb' | 'nfl' | null {
  const s = (v ?? '').trim().toLowerCase();
  if (s === '') return null;
  if (s === 'cfb' || s === 'nfl') return s;
  throw new FieldError(field, `must be cfb or nfl, not ${show(s)}`);
}

export function seasonType(v: string | undefined, field = 'season_type'): SeasonType {
  const s = (v ?? '').trim().toLowerCase();
  if (s === 'regular' || s === 'postseason') return s;
  if (s === '') throw new FieldError(field, 'missing value');
  throw new FieldError(field, `must be regular or postseason, not ${show(s)}`);
}

/** Rules shared by the importers for the keys every row carries. */
export const SEASON_RULE: NumberRule = { integer: true, min: 1869, max: 2200 };
export const WEEK_RULE: NumberRule = { integer: true, min: 0, max: 99 };
/** A whole number that fits the warehouse's 32-bit INTEGER columns (odds, counts). */
export const INT_RULE: NumberRule = { integer: true, min: -(2 ** 31 - 1), max: 2 ** 31 - 1 };
export const COUNT_RULE: NumberRule = { integer: true, min: 0, max: 2 ** 31 - 1 };
export const POINTS_RULE: NumberRule = { integer: true, min: 0, max: 999 };
