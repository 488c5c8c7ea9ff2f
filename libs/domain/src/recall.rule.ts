import type { Capability } from '@imc/contracts';
import { addDaysMs, toMs } from './time.util';

/** An open demand of a lender, as the recall rule reads it. */
export interface OwnNeed {
  demandId: string;
  missionId: string;
  capability: Capability;
  weight: number;
  window: { start: string; end: string };
  /** What of it no loan covers yet (its quantity less the loans that count toward it). */
  short: number;
}

/**
 * (v3) The lender's own open shortfalls of a loan's capability that its units would relieve: open
 * demands of the lender for that capability still short, whose window is still open when the
 * units are back home (asOf + the loan's transit days). A loan with any is recommended for recall,
 * the same need that prices a moved gap: a demand is what a mission needs on top of its own units,
 * so units of its own lent away are exactly what it is short of.
 */
export function reliefOf(loan: { fromMission: string; capability: Capability; transitDays: number }, asOf: string, lenderNeeds: readonly OwnNeed[]): OwnNeed[] {
  const home = addDaysMs(asOf, loan.transitDays);
  return lenderNeeds.filter((d) => d.missionId === loan.fromMission && d.capability === loan.capability && d.short > 0 && toMs(d.window.end) > home);
}

/** The open demands as the recall rule reads them, each with what of it is still short. */
export function ownNeedsOf<D extends Omit<OwnNeed, 'short'>>(openDemands: readonly D[], short: (d: D) => number): OwnNeed[] {
  return openDemands.map((d) => ({ demandId: d.demandId, missionId: d.missionId, capability: d.capability, weight: d.weight, window: d.window, short: short(d) }));
}
