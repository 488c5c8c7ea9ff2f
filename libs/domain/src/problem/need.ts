import { toMs } from '../time.util';
import type { LoanRecord, OpenDemand } from '../world.state';

/** What of an open demand is still to cover: its quantity less the units of loans that count toward it. */
export type Remaining = (d: OpenDemand) => number;

/** A lapsed, recalled or returned loan covers nothing (the world's countingLoans leaves them out). */
export function remainingNeed(countingLoans: readonly LoanRecord[]): Remaining {
  const covered = new Map<string, number>();
  for (const l of countingLoans) covered.set(l.demandId, (covered.get(l.demandId) ?? 0) + l.unitIds.length);
  return (d) => Math.max(0, d.quantity - (covered.get(d.demandId) ?? 0));
}

/**
 * A mission's own open demands per `${missionId}|${capability}` (v3): a demand is a need on top of
 * the mission's own units, so a unit lent away from it during such a demand's window moves the gap.
 */
export function demandsByMission(openDemands: readonly OpenDemand[]): Map<string, OpenDemand[]> {
  const out = new Map<string, OpenDemand[]>();
  for (const d of openDemands) {
    const key = `${d.missionId}|${d.capability}`;
    const list = out.get(key);
    if (list) list.push(d);
    else out.set(key, [d]);
  }
  return out;
}

/** One of the lender's own demands a unit lent away leaves uncovered, for `overlap` of its window. */
export interface LenderNeed {
  demandId: string;
  /** The demand's weight (priority x severity). */
  weight: number;
  /** The part of the demand's window the loan's span covers, 0..1. */
  overlap: number;
}

/**
 * What one unit lent from its mission for the loan's span (arrival to return) takes from that
 * mission's own open demands for the capability: each demand whose window the span overlaps, with
 * the overlap's share of its window. The objective prices it as W x weight x overlap per unit, the
 * same currency as the borrower's shortfall, so a gap moves only where the borrower's need
 * outweighs the lender's.
 */
export function lenderNeedOf(own: readonly OpenDemand[], arriveBy: string, returnBy: string): LenderNeed[] {
  if (own.length === 0) return [];
  const from = toMs(arriveBy);
  const to = toMs(returnBy);
  const out: LenderNeed[] = [];
  for (const d of own) {
    const start = toMs(d.window.start);
    const end = toMs(d.window.end);
    const overlap = Math.min(to, end) - Math.max(from, start);
    if (end <= start || overlap <= 0) continue;
    out.push({ demandId: d.demandId, weight: d.weight, overlap: Math.round((overlap / (end - start)) * 1e4) / 1e4 });
  }
  return out;
}
