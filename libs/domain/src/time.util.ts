/** Event time helpers. All times are ISO 8601 UTC; durations are days. */
export const DAY_MS = 86_400_000;

export function toMs(iso: string): number {
  return Date.parse(iso);
}

export function addDays(iso: string, days: number): string {
  return new Date(toMs(iso) + days * DAY_MS).toISOString();
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
