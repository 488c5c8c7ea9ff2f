import type { CandidatePair } from '../planning-problem';
import { returnBy as returnByOf } from '../coverage.rule';
import { daysBetween, round, toMs } from '../time.util';
import type { LazyPairContext } from './pair-context';

/** A pair that passed every check: its loan dated and costed, per unit. */
export function candidatePair(ctx: LazyPairContext): CandidatePair {
  const { group: g, demand: d, policy } = ctx;
  const cap = ctx.capabilityPolicy;
  if (!cap) throw new Error(`no policy for ${d.capability} passed the reach check`);
  const { lead, arriveBy, coverage: f, validUntil } = ctx.timing();
  const returnBy = returnByOf(arriveBy, d.window, policy, validUntil);
  const consents = ctx.subject.trail;
  // Consents that end before the window does: the loan stops there unless they are renewed.
  const renewal = consents.filter((c) => c.validUntil !== undefined && toMs(c.validUntil) < toMs(d.window.end)).map((c) => c.item);
  const loanDays = Math.max(0, daysBetween(arriveBy, returnBy));
  const km = Math.round(ctx.distanceKm);
  const transferPerUnit = round(cap.transferCostPerKm * km, 2);
  const sustainmentPerDayPerUnit = cap.sustainmentPerDay;
  const totalPerUnit = round(transferPerUnit + sustainmentPerDayPerUnit * loanDays, 2);
  const coverage = round(f, 4);
  return {
    groupId: g.groupId,
    demandId: d.demandId,
    coverage,
    costPerUnit: totalPerUnit,
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
      ...(renewal.length > 0 ? { renewal } : {}),
    },
  };
}
