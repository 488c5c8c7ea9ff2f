import type { CandidatePair } from '../planning-problem';
import { daysBetween, round, toMs } from '../time.util';
import type { OpenDemand } from '../world.state';
import { lenderNeedOf } from './need';
import type { LazyPairContext } from './pair-context';

/** A pair that passed every check: its loan dated and costed, per unit. */
export function candidatePair(ctx: LazyPairContext, lenderDemands: readonly OpenDemand[]): CandidatePair {
  const { group: g, demand: d } = ctx;
  const cap = ctx.capabilityPolicy;
  if (!cap) throw new Error(`no policy for ${d.capability} passed the reach check`);
  const { lead, arriveBy, returnBy, coverage: f, coverageIfRenewed } = ctx.timing();
  const consents = ctx.subject.trail;
  // Consents that end before the window does: the loan stops there unless they are renewed.
  const renewal = consents.filter((c) => c.validUntil !== undefined && toMs(c.validUntil) < toMs(d.window.end)).map((c) => c.item);
  const loanDays = Math.max(0, daysBetween(arriveBy, returnBy));
  const km = Math.round(ctx.distanceKm);
  const transferPerUnit = round(cap.transferCostPerKm * km, 2);
  const sustainmentPerDayPerUnit = cap.sustainmentPerDay;
  const totalPerUnit = round(transferPerUnit + sustainmentPerDayPerUnit * loanDays, 2);
  const coverage = round(f, 4);
  const lenderNeed = lenderNeedOf(lenderDemands, arriveBy, returnBy);
  return {
    groupId: g.groupId,
    demandId: d.demandId,
    coverage,
    costPerUnit: totalPerUnit,
    ...(lenderNeed.length > 0 ? { lenderNeed } : {}),
    loanTemplate: {
      demandId: d.demandId,
      capability: d.capability,
      fromMission: g.missionId,
      toMission: d.missionId,
      contributor: g.contributor,
      distanceKm: km,
      leadTime: {
        noticeDays: lead.noticeDays,
        consentDays: round(lead.consentDays, 2),
        authorizationDays: round(lead.authorizationDays, 2),
        transitDays: lead.transitDays,
      },
      arriveBy,
      returnBy,
      coverage,
      cost: { transferPerUnit, sustainmentPerDayPerUnit, totalPerUnit },
      pending: lead.pending,
      criticalPath: lead.criticalPath,
      consents,
      ...(renewal.length > 0 ? { renewal, ...(coverageIfRenewed !== undefined ? { coverageIfRenewed: round(coverageIfRenewed, 4) } : {}) } : {}),
    },
  };
}
