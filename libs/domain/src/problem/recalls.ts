import type { Recall } from '@imc/contracts';
import { OVERDUE_GRACE_DAYS } from '../loan-lifecycle.rule';
import { OwnNeed, reliefOf } from '../recall.rule';
import { addDays, daysBetween, isoDay } from '../time.util';
import type { LoanRecord } from '../world.state';
import { cmp } from './compare';

export interface RecallInputs {
  asOf: string;
  /** Every loan the world holds, with its status at asOf. */
  loans: readonly LoanRecord[];
  /** Open demands with what of each is still short after the loans that count (recall.rule.ts). */
  needs: readonly OwnNeed[];
  /** The weight of the demand a loan serves, if it is still open. */
  weightOf(demandId: string): number | undefined;
  /** Only loans touching a mission of this scope (`global`: all). */
  inScope(missionId: string): boolean;
  /** Whether a mission is in crisis now, for the wording. */
  inCrisis(missionId: string): boolean;
}

/**
 * Loans the planner should end now, in id order:
 * - consent-lapsed: a consent behind the loan was refused, withdrawn or expired;
 * - donor-in-crisis (v3: the lender is short): the lender has an open shortfall of the capability
 *   that these units, back home, would relieve (recall.rule.ts), whether or not it is in crisis;
 *   the detail weighs what the lender lacks against what the borrower would lose;
 * - overdue: past its return date and the grace days.
 * `relieves` names the lender's own open demand the units would serve once home.
 */
export function recallsOf(x: RecallInputs): Recall[] {
  const out: Recall[] = [];
  for (const l of [...x.loans].sort((a, b) => cmp(a.loanId, b.loanId))) {
    if (!x.inScope(l.fromMission) && !x.inScope(l.toMission)) continue;
    const base = { loanId: l.loanId, unitIds: [...l.unitIds], fromMission: l.fromMission, toMission: l.toMission };
    const relief = reliefOf(l, x.asOf, x.needs);
    const short = relief.reduce((n, d) => n + d.short, 0);
    const relieves = relief.length > 0 ? { relieves: { demandId: relief[0].demandId, units: Math.min(l.quantity, short) } } : {};
    const units = `${l.quantity} ${l.capability}`;
    if (l.status === 'consent-lapsed') {
      out.push({ ...base, reason: 'consent-lapsed', detail: `${l.lapsedBecause ?? 'a consent lapsed'} on ${isoDay(l.lapsedAt ?? x.asOf)}; ${units} at ${l.toMission} no longer count`, ...relieves });
    } else if (l.status === 'recall-recommended' && short > 0) {
      const state = x.inCrisis(l.fromMission) ? 'is in crisis and short' : 'is short';
      const lacks = relief.map((d) => `${d.demandId}, weight ${d.weight}`).join('; ');
      const there = x.weightOf(l.demandId);
      const serves = there === undefined ? `${l.demandId}, closed` : `${l.demandId}, weight ${there}`;
      out.push({ ...base, reason: 'donor-in-crisis', detail: `${l.fromMission} ${state} ${short} ${l.capability} (${lacks}); these ${l.quantity} are at ${l.toMission} (${serves})`, ...relieves });
    } else if (l.status === 'overdue') {
      const late = Math.floor(daysBetween(l.returnBy, x.asOf));
      out.push({
        ...base,
        reason: 'overdue',
        detail: `${units} due back from ${l.toMission} on ${isoDay(l.returnBy)}, ${late} d ago (grace ended ${isoDay(addDays(l.returnBy, OVERDUE_GRACE_DAYS))})`,
        ...relieves,
      });
    }
  }
  return out;
}
