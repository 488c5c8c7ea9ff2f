/** Display formats: dates as the day (the planning works in days), numbers with separators. */
export function day(iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toISOString().slice(0, 10);
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

export function money(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function km(n: number): string {
  return `${Math.round(n).toLocaleString('en-US')} km`;
}

/** `2012-11-26` from an asOf, for date inputs; empty when unknown. */
export function dateInput(iso: string | null | undefined): string {
  return iso ? day(iso) : '';
}
