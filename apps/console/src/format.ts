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

/** A cost, with its currency when given (`1,234,567 USD`): the API names it on every answer with costs. */
export function money(n: number, currency?: string): string {
  const amount = Math.round(n).toLocaleString('en-US');
  return currency ? `${amount} ${currency}` : amount;
}

/** The currency of what the page shows: the proposal's (the policy's), USD until one is read. */
export function currencyOf(answer: { currency?: string } | undefined): string {
  return answer?.currency ?? 'USD';
}

export function km(n: number): string {
  return `${Math.round(n).toLocaleString('en-US')} km`;
}

/** `2012-11-26` from an asOf, for date inputs; empty when unknown. */
export function dateInput(iso: string | null | undefined): string {
  return iso ? day(iso) : '';
}
