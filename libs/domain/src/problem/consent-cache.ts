import type { LoanConsentItem } from '@imc/contracts';
import { ConsentIndex, consentList, consentTrail, ConsentResolution, loanConsents, LoanConsents, validityLimit } from '../consent.rule';
import type { GroupInfo } from './unit-groups';

/** What every pair of one consent subject shares: resolutions in order, their validity, the legal trail. */
export interface SubjectConsents {
  resolved: LoanConsents;
  list: ConsentResolution[];
  validity: ReturnType<typeof validityLimit>;
  trail: LoanConsentItem[];
}

/**
 * Consents depend on who lends what to whom, not on the demand nor on which of a contributor's
 * groups (they differ by notice or base) goes: each subject is resolved once per plan and shared,
 * read-only, by its pairs' loan templates. On the dense 300/1000 world that is tens of thousands
 * of pairs, whose own copies were a large part of the build's time and garbage.
 */
export class ConsentCache {
  /** Subjects by lender (mission, capability, contributor, terms), then by receiving mission. */
  private readonly byLender = new Map<string, Map<string, SubjectConsents>>();
  /** Each group's lender entry, found once: a build asks for a group's consents once per demand. */
  private readonly ofGroup = new Map<GroupInfo, Map<string, SubjectConsents>>();

  constructor(
    private readonly index: ConsentIndex,
    private readonly asOf: string,
    private readonly overdueConsentDays: number,
  ) {}

  of(g: GroupInfo, toMission: string, hostState: string): SubjectConsents {
    let byRecipient = this.ofGroup.get(g);
    if (!byRecipient) {
      const lender = `${g.missionId}|${g.capability}|${g.contributor}|${g.commercial}|${g.interMissionClause}`;
      byRecipient = this.byLender.get(lender);
      if (!byRecipient) {
        byRecipient = new Map();
        this.byLender.set(lender, byRecipient);
      }
      this.ofGroup.set(g, byRecipient);
    }
    let s = byRecipient.get(toMission);
    if (!s) {
      const resolved = loanConsents(
        this.index,
        { fromMission: g.missionId, toMission, capability: g.capability, contributor: g.contributor, commercial: g.commercial, interMissionClause: g.interMissionClause, hostState },
        this.asOf,
        this.overdueConsentDays,
      );
      // The lender's key holds the contributor and commercial terms the trail reads, so one trail serves all.
      s = { resolved, list: consentList(resolved), validity: validityLimit(resolved), trail: consentTrail(resolved, g) };
      byRecipient.set(toMission, s);
    }
    return s;
  }
}
