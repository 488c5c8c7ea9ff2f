import type { Crisis, Mission, Policy, ProposedLoan, Unit } from '@imc/contracts';
import { ConsentIndex, consentList, loanConsents } from './consent.rule';
import { crisisDuring, crisisWindowsByMission, crisisWords } from './problem/crisis-windows';
import { isoDay, toMs } from './time.util';

/** What the approval rule reads of the world when a decision is applied. */
export interface ApprovalFacts {
  policy: Readonly<Policy>;
  missions: ReadonlyMap<string, Readonly<Mission>>;
  units: ReadonlyMap<string, Readonly<Unit>>;
  activeCrises: readonly Readonly<Crisis>[];
  consents: ConsentIndex;
}

/**
 * (v3) An approval is judged against the rules at the moment it is applied, not only when its
 * proposal was planned: a record of an earlier moment can arrive late (a crisis declared for the
 * donor, a consent refused). So a proposed loan cannot be approved when its donor is now in crisis
 * during the loan's span (unless the policy lets donors in crisis lend), or when a consent it
 * relies on is now refused, withdrawn or expired. Live, after a restart and through the API alike;
 * the answer says why, in a planner's words. Undefined: nothing stands in the way. Only what is
 * on record counts against it: a world that holds no record of the recipient or of a consent (a
 * read model that never saw them) has nothing to refuse it with, and the loan was proposed with
 * them.
 */
export function approvalBlocker(f: ApprovalFacts, loan: Readonly<ProposedLoan>, at: string): string | undefined {
  if (!f.policy.donorInCrisisLends) {
    const windows = crisisWindowsByMission([...f.missions.values()].filter((m) => m.missionId === loan.fromMission), f.activeCrises.filter((c) => c.missionId === loan.fromMission)).get(loan.fromMission) ?? [];
    const crisis = crisisDuring(windows, toMs(loan.arriveBy), toMs(loan.returnBy));
    if (crisis) return `${loan.fromMission} is ${crisisWords(crisis)}, during the loan (${isoDay(loan.arriveBy)} to ${isoDay(loan.returnBy)})`;
  }
  const hostState = f.missions.get(loan.toMission)?.hostState;
  if (hostState === undefined) return undefined;
  const units = loan.unitIds.map((id) => f.units.get(id));
  const resolved = loanConsents(
    f.consents,
    {
      fromMission: loan.fromMission,
      toMission: loan.toMission,
      capability: loan.capability,
      contributor: loan.contributor,
      commercial: units.some((u) => u?.commercial === true),
      interMissionClause: units.every((u) => u?.interMissionClause === true),
      hostState,
    },
    at,
    f.policy.overdueConsentDays,
  );
  const lacking = consentList(resolved)
    .filter((c) => c.state === 'refused' || c.state === 'withdrawn' || c.state === 'expired')
    .map((c) => `${c.kind} ${c.party} ${c.state}${c.record ? ` (${c.record.consentId})` : ''}`);
  return lacking.length > 0 ? `no longer has its consents: ${lacking.join('; ')}` : undefined;
}
