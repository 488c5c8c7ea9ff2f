import { parseInstant } from '@imc/contracts';

/** Event time helpers. All times are RFC 3339 (the contract's one rule); durations are days. */
export const DAY_MS = 86_400_000;

/** `toISOString`'s own form for years beyond 9999 or before 0, which sums of days can reach. */
const EXTENDED_YEAR = /^[+-]\d{6}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Reads a time with the same rule the contract validates with, so that nothing the validator
 * accepts is read differently here (no local time, no `Date.parse` leniency). A time that is
 * not one is a programming error upstream: it is refused loudly rather than becoming NaN.
 */
export function toMs(iso: string): number {
  const known = readTimes.get(iso);
  if (known !== undefined) return known;
  const ms = parseInstant(iso) ?? (EXTENDED_YEAR.test(iso) ? Date.parse(iso) : undefined);
  if (ms === undefined) throw new RangeError(`not an RFC 3339 time: ${String(iso).slice(0, 40)}`);
  if (readTimes.size >= READ_TIMES_KEPT) readTimes.clear();
  readTimes.set(iso, ms);
  return ms;
}

/**
 * A plan reads the same few times (asOf, window bounds, consent dates) once per candidate pair;
 * the strict parse is a regular expression and a calendar check, so the answers are kept. The
 * bound keeps a long-running service's memory flat whatever times it has seen.
 */
const READ_TIMES_KEPT = 4096;
const readTimes = new Map<string, number>();

export function addDays(iso: string, days: number): string {
  return new Date(addDaysMs(iso, days)).toISOString();
}

/**
 * `toMs(addDays(iso, days))` without the string in between (a plan asks it of every candidate
 * pair): a Date drops fractions of a millisecond towards zero, and so does this.
 */
export function addDaysMs(iso: string, days: number): number {
  return plusDaysMs(toMs(iso), days);
}

/** `days` after an instant in epoch milliseconds, dropping fractions of a millisecond as a Date does. */
export function plusDaysMs(ms: number, days: number): number {
  return Math.trunc(ms + days * DAY_MS);
}

export function daysBetween(fromIso: string, toIso: string): number {
  return (toMs(toIso) - toMs(fromIso)) / DAY_MS;
}

/** `2011-02-10`: the precision explanations need. */
export function isoDay(iso: string): string {
  return new Date(toMs(iso)).toISOString().slice(0, 10);
}

export function minIso(a: string, b: string): string {
  return toMs(a) <= toMs(b) ? a : b;
}

export function maxIso(a: string, b: string): string {
  return toMs(a) >= toMs(b) ? a : b;
}

/** Rounds for output so that float noise never makes two equal plans differ. */
export function round(value: number, decimals = 4): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
