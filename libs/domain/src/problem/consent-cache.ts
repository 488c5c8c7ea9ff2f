import type { LoanConsentItem } from '@imc/contracts';
import { ConsentIndex, consentList, ConsentResolver, consentTrail, ConsentResolution, LoanConsents, validityLimit } from '../consent.rule';
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
  /** Resolutions at this cache's asOf and overdue days, each worked out once (see ConsentResolver). */
  private readonly resolver: ConsentResolver;
  /**
   * Subjects by what they hold: their three resolutions (shared through `resolver`), then the
   * clause and the contributor a trail names. Subjects whose consents were won by the same records
   * (a contributor's grant for all missions, a host state's, the Council's) share one entry.
   */
  private readonly bySettlement = new Map<ConsentResolution | undefined, Map<ConsentResolution, Map<ConsentResolution | undefined, Map<string, SubjectConsents>>>>();

  constructor(index: ConsentIndex, asOf: string, overdueConsentDays: number) {
    this.resolver = new ConsentResolver(index, asOf, overdueConsentDays);
  }

  of(g: GroupInfo, toMission: string, hostState: string): SubjectConsents {
    const byRecipient = entry(this.ofGroup, g, () => entry(this.byLender, `${g.missionId}|${g.capability}|${g.contributor}|${g.commercial}|${g.interMissionClause}`, () => new Map()));
    return entry(byRecipient, toMission, () => {
      const resolved = this.resolver.loanConsents({
        fromMission: g.missionId,
        toMission,
        capability: g.capability,
        contributor: g.contributor,
        commercial: g.commercial,
        interMissionClause: g.interMissionClause,
        hostState,
      });
      return this.shared(resolved, g.contributor);
    });
  }

  /** The subject entry for these resolutions, made once (the trail names the contributor only where none is needed). */
  private shared(resolved: LoanConsents, contributor: string): SubjectConsents {
    const byHost = entry(this.bySettlement, resolved.contributor, () => new Map());
    const byCouncil = entry(byHost, resolved.hostState, () => new Map());
    const byRest = entry(byCouncil, resolved.council, () => new Map());
    const rest = `${resolved.clause}|${resolved.contributor === undefined ? contributor : ''}`;
    return entry(byRest, rest, () => ({ resolved, list: consentList(resolved), validity: validityLimit(resolved), trail: consentTrail(resolved, { contributor }) }));
  }
}

/** The map's value at `key`, made and stored the first time. */
function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let found = map.get(key);
  if (found === undefined) {
    found = make();
    map.set(key, found);
  }
  return found;
}
