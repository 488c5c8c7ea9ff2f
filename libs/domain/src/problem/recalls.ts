import type { Capability, Recall } from '@imc/contracts';
import { OVERDUE_GRACE_DAYS } from '../loan-lifecycle.rule';
import { addDays, daysBetween, isoDay } from '../time.util';
import type { LoanRecord, OpenDemand } from '../world.state';
import { cmp } from './compare';
import type { Postures } from './posture';

export interface RecallInputs {
  asOf: string;
  /** Every loan the world holds, with its status at asOf. */
  loans: readonly LoanRecord[];
  /** Open demands, and what of each is still to cover after the loans that count. */
  openDemands: readonly OpenDemand[];
  remaining(d: OpenDemand): number;
  postures: Postures;
  /** Only loans touching a mission of this scope (`global`: all). */
  inScope(missionId: string): boolean;
}

/**
 * Loans the planner should end now, nearest to a planner's worry first in id order:
 * - consent-lapsed: a consent behind the loan was refused, withdrawn or expired;
 * - donor-in-crisis: the donor is in crisis and its own need for the capability is more than it
 *   has at home, while these units sit at the borrower;
 * - overdue: past its return date and the grace days.
 * `relieves` names the donor's own open demand the units would serve once home.
 */
export function recallsOf(x: RecallInputs): Recall[] {
  const ownNeed = (missionId: string, c: Capability) =>
    x.openDemands.filter((d) => d.missionId === missionId && d.capability === c).map((d) => ({ demandId: d.demandId, remaining: x.remaining(d) })).filter((d) => d.remaining > 0);
  const out: Recall[] = [];
  for (const l of [...x.loans].sort((a, b) => cmp(a.loanId, b.loanId))) {
    if (!x.inScope(l.fromMission) && !x.inScope(l.toMission)) continue;
    const base = { loanId: l.loanId, unitIds: [...l.unitIds], fromMission: l.fromMission, toMission: l.toMission };
    const need = ownNeed(l.fromMission, l.capability);
    const units = `${l.quantity} ${l.capability}`;
    const relieves = (short: number) => (need.length > 0 && short > 0 ? { relieves: { demandId: need[0].demandId, units: Math.min(l.quantity, short) } } : {});
    const shortAtHome = Math.max(0, need.reduce((n, d) => n + d.remaining, 0) - x.postures.of(l.fromMission, l.capability).available);
    if (l.status === 'consent-lapsed') {
      out.push({ ...base, reason: 'consent-lapsed', detail: `${l.lapsedBecause ?? 'a consent lapsed'} on ${isoDay(l.lapsedAt ?? x.asOf)}; ${units} at ${l.toMission} no longer count`, ...relieves(shortAtHome) });
    } else if (l.status === 'recall-recommended' && shortAtHome > 0) {
      out.push({ ...base, reason: 'donor-in-crisis', detail: `${l.fromMission} is in crisis and short ${shortAtHome} ${l.capability}; these ${l.quantity} are at ${l.toMission}`, ...relieves(shortAtHome) });
    } else if (l.status === 'overdue') {
      const late = Math.floor(daysBetween(l.returnBy, x.asOf));
      out.push({
        ...base,
        reason: 'overdue',
        detail: `${units} due back from ${l.toMission} on ${isoDay(l.returnBy)}, ${late} d ago (grace ended ${isoDay(addDays(l.returnBy, OVERDUE_GRACE_DAYS))})`,
        ...relieves(shortAtHome),
      });
    }
  }
  return out;
}
