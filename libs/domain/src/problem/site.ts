import type { Place } from '@imc/contracts';

/**
 * Where help is needed, the one rule: the demand's own site, else its crisis's, else the
 * recipient mission's hq. The world resolves the first two when it opens a demand; the builder
 * falls back to the hq.
 */
export function whereNeeded(demandSite: Place | undefined, crisisSite: Place | undefined, hq: Place): Place;
export function whereNeeded(demandSite: Place | undefined, crisisSite: Place | undefined): Place | undefined;
export function whereNeeded(demandSite: Place | undefined, crisisSite: Place | undefined, hq?: Place): Place | undefined {
  return demandSite ?? crisisSite ?? hq;
}
