import type { DemandSlot, Exclusion } from '../planning-problem';
import type { LoanRecord } from '../world.state';

/**
 * (v3) A mission short of a capability while units of its own sit at another mission on loan: its
 * shortfall says where they are, so a proposal never reads "short 2, no units anywhere" while two
 * of its companies are at a neighbour (the loan is then listed under recalls, recall-recommended).
 */
export function unitsAwayExclusions(demands: readonly DemandSlot[], outstanding: readonly LoanRecord[]): Exclusion[] {
  const out: Exclusion[] = [];
  for (const d of demands) {
    for (const l of outstanding) {
      if (l.fromMission !== d.missionId || l.capability !== d.capability || l.returnedAt !== undefined) continue;
      out.push({ demandId: d.demandId, missionId: d.missionId, reason: 'used-elsewhere', detail: `${l.unitIds.length} of ${d.missionId}'s own ${d.capability} are at ${l.toMission} on loan ${l.loanId} (${l.status})` });
    }
  }
  return out;
}
