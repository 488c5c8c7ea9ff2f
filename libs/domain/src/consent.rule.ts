import type { Capability, Consent, ConsentKind, LoanConsentItem } from '@imc/contracts';
import { addDays, daysBetween, toMs } from './time.util';

/**
 * A pending consent with no expected delay is assumed to take this long: unknown is not zero,
 * and a month keeps such a loan visible for longer windows while flagging it as pending.
 */
export const PENDING_DEFAULT_DAYS = 30;

/** policy.overdueConsentDays when a caller does not say: the contract's default. */
export const OVERDUE_DEFAULT_DAYS = 14;

/** A consent record as the world holds it: with the time it was recorded. */
export interface ConsentRecord extends Consent {
  /** Event time of the record; `expectedInDays` counts from here. */
  recordedAt?: string;
}

export type ConsentState = 'granted' | 'pending' | 'refused' | 'withdrawn' | 'expired' | 'missing';

export interface ConsentResolution {
  kind: ConsentKind;
  party: string;
  state: ConsentState;
  /** Days from asOf until a pending consent is expected; 0 otherwise. */
  delayDays: number;
  /** A pending consent past its expected date: its delay is the policy's overdue delay. */
  overdue?: boolean;
  /** When a pending consent was (or is) expected: its record time + expectedInDays. */
  expectedBy?: string;
  record?: ConsentRecord;
}

export interface ConsentQuery {
  kind: ConsentKind;
  party: string;
  fromMission: string;
  toMission: string;
  capability: Capability;
  /** (v3) The unit's contributor: a host-state or council record naming contributors applies only to theirs. */
  contributor?: string;
  asOf: string;
  /** policy.overdueConsentDays; OVERDUE_DEFAULT_DAYS if left out. */
  overdueDays?: number;
}

/**
 * Exact fields of a matching record; more exact fields = more specific. A record naming the unit's
 * contributor (v3) outranks any without: a host state objecting to one contributor means that one,
 * whatever broader grant it gave for the missions.
 */
function specificity(c: Consent, q: ConsentQuery): number {
  const named = c.contributors !== undefined && q.contributor !== undefined && c.contributors.includes(q.contributor) ? 4 : 0;
  return named + (c.fromMission === q.fromMission ? 1 : 0) + (c.toMission === q.toMission ? 1 : 0) + (c.capabilities.includes(q.capability) ? 1 : 0);
}

function matches(c: Consent, q: ConsentQuery): boolean {
  return (
    c.kind === q.kind &&
    c.party === q.party &&
    (c.fromMission === q.fromMission || c.fromMission === '*') &&
    (c.toMission === q.toMission || c.toMission === '*') &&
    (c.capabilities.includes(q.capability) || c.capabilities.includes('*')) &&
    (c.contributors === undefined || c.kind === 'contributor' || (q.contributor !== undefined && c.contributors.includes(q.contributor)))
  );
}

/**
 * The contract's consent rule: among the records of that kind and party matching the mission
 * pair and capability, the most specific wins (each exact field, mission or capability, counts one
 * against '*'); among equally specific ones, the latest version (then the consent id, so the
 * answer never depends on input order). No match: missing. A winner past its validUntil: expired.
 *
 * A pending consent is expected `expectedInDays` after it was recorded. Once asOf reaches that
 * date it is overdue: late by an unknown amount, so it is planned `overdueDays` from asOf rather
 * than as arriving today, which would date loans on an answer nobody has given.
 *
 * `memo` (see ResolutionMemo) serves queries of one asOf and overdueDays only.
 */
export function resolveConsent(consents: Iterable<ConsentRecord>, q: ConsentQuery, memo?: ResolutionMemo): ConsentResolution {
  let best: ConsentRecord | undefined;
  let bestScore = -1;
  for (const c of consents) {
    if (!matches(c, q)) continue;
    const score = specificity(c, q);
    if (
      score > bestScore ||
      (score === bestScore && best !== undefined && (c.version > best.version || (c.version === best.version && c.consentId > best.consentId)))
    ) {
      best = c;
      bestScore = score;
    }
  }
  const base = { kind: q.kind, party: q.party, delayDays: 0 };
  if (!best) return { ...base, state: 'missing' };
  const known = memo?.get(best);
  if (known) return known;
  const resolved = settled(best, q, base);
  memo?.set(best, resolved);
  return resolved;
}

/**
 * Resolutions by the record that won, for a caller that resolves many queries at one asOf and
 * overdueDays (ConsentResolver, for a plan's build): what follows the choice of the record depends
 * on nothing else (the record's kind and party are the query's), so queries won by one record
 * share one resolution, read-only, and its dates are worked out once.
 */
export type ResolutionMemo = Map<ConsentRecord, ConsentResolution>;

/** The resolution once `best` won the query: expired, granted or refused as recorded, or pending and when. */
function settled(best: ConsentRecord, q: ConsentQuery, base: { kind: ConsentKind; party: string; delayDays: number }): ConsentResolution {
  if (best.validUntil !== undefined && toMs(best.validUntil) < toMs(q.asOf)) return { ...base, state: 'expired', record: best };
  if (best.status !== 'pending') return { ...base, state: best.status, record: best };
  const expected = best.expectedInDays ?? PENDING_DEFAULT_DAYS;
  const elapsed = best.recordedAt ? Math.max(0, daysBetween(best.recordedAt, q.asOf)) : 0;
  const expectedBy = addDays(best.recordedAt ?? q.asOf, expected);
  if (elapsed >= expected) {
    return { ...base, state: 'pending', delayDays: Math.max(1, q.overdueDays ?? OVERDUE_DEFAULT_DAYS), overdue: true, expectedBy, record: best };
  }
  return { ...base, state: 'pending', delayDays: expected - elapsed, expectedBy, record: best };
}

export interface LoanConsentSubject {
  fromMission: string;
  toMission: string;
  capability: Capability;
  contributor: string;
  commercial: boolean;
  interMissionClause: boolean;
  /** The receiving mission's host state. */
  hostState: string;
}

export interface LoanConsents {
  /** Undefined for a commercial unit (its clause stands in) and a UN-owned one (nobody to ask). */
  contributor?: ConsentResolution;
  /** For a commercial unit: whether its contract allows inter-mission use. */
  clause?: boolean;
  hostState: ConsentResolution;
  /** Undefined where the Council's authorization is not needed. */
  council?: ConsentResolution;
}

/** UN-owned equipment and Secretariat staff: the contributor field of such a unit. */
export const UN_CONTRIBUTOR = 'UN';

/**
 * Civilian staff, contracted assets and the UN's own assets move without a Council authorization:
 * no troop or police contribution changes mission, only the Secretariat's property or staff.
 */
export function needsCouncil(capability: Capability, commercial: boolean, contributor = ''): boolean {
  return capability !== 'civilian-team' && !commercial && contributor !== UN_CONTRIBUTOR;
}

/** A contributor consent is asked of a country; commercial and UN-owned assets have none to ask. */
export function needsContributor(commercial: boolean, contributor: string): boolean {
  return !commercial && contributor !== UN_CONTRIBUTOR;
}

/**
 * Consent records by `${kind}|${party}`. Resolution only ever looks at one kind and party, and a
 * planning run resolves consents for every (group, demand) pair, so scanning every record each
 * time would dominate the build at scale.
 */
export type ConsentIndex = ReadonlyMap<string, readonly ConsentRecord[]>;

/** Where ConsentIndex keeps the records of one kind and party. */
function indexKey(kind: ConsentKind, party: string): string {
  return `${kind}|${party}`;
}

export function indexConsents(records: Iterable<ConsentRecord>): ConsentIndex {
  const index = new Map<string, ConsentRecord[]>();
  for (const r of records) {
    const key = indexKey(r.kind, r.party);
    const list = index.get(key);
    if (list) list.push(r);
    else index.set(key, [r]);
  }
  return index;
}

/** Every consent one loan needs, resolved at asOf (a plan's build resolves many through ConsentResolver). */
export function loanConsents(consents: readonly ConsentRecord[] | ConsentIndex, s: LoanConsentSubject, asOf: string, overdueDays?: number): LoanConsents {
  const q = { fromMission: s.fromMission, toMission: s.toMission, capability: s.capability, contributor: s.contributor, asOf, overdueDays };
  const of = (kind: ConsentKind, party: string): readonly ConsentRecord[] =>
    Array.isArray(consents) ? (consents as readonly ConsentRecord[]) : ((consents as ConsentIndex).get(indexKey(kind, party)) ?? []);
  return consentsOfSubject(s, (kind, party) => resolveConsent(of(kind, party), { ...q, kind, party }));
}

/** The consents `s` needs, each resolved by `resolve`: the contributor's, the host state's, the Council's. */
function consentsOfSubject(s: LoanConsentSubject, resolve: (kind: ConsentKind, party: string) => ConsentResolution): LoanConsents {
  return {
    contributor: !needsContributor(s.commercial, s.contributor) ? undefined : resolve('contributor', s.contributor),
    clause: s.commercial ? s.interMissionClause : undefined,
    hostState: resolve('host-state', s.hostState),
    council: needsCouncil(s.capability, s.commercial, s.contributor) ? resolve('council', 'UNSC') : undefined,
  };
}

/** The records of one kind and party, and which of a query's fields can change which of them wins. */
interface PartyRecords {
  records: readonly ConsentRecord[];
  /** Resolutions by the values of the query fields that matter (see ConsentResolver.resolve). */
  byQuery: Map<string, ConsentResolution>;
  fromMission: boolean;
  toMission: boolean;
  capability: boolean;
  contributor: boolean;
}

/**
 * loanConsents for many subjects at one asOf and overdueDays (a plan's build): each resolution is
 * worked out once per kind, party and the query fields that can change its outcome. A field
 * matters only where some record of that kind and party names it (a mission other than '*', a
 * capability other than '*', a list of contributors): where every record is a wildcard for it,
 * the matching, the specificity and the tie-break read the same whatever the field holds. Dense
 * worlds record consents for all missions and capabilities, so a plan of thousands of subjects
 * resolves each party once. Resolutions are shared, read-only, as ResolutionMemo's are.
 */
export class ConsentResolver {
  private readonly parties = new Map<string, PartyRecords>();
  private readonly byRecord: ResolutionMemo = new Map();

  constructor(
    private readonly index: ConsentIndex,
    private readonly asOf: string,
    private readonly overdueDays?: number,
  ) {}

  loanConsents(s: LoanConsentSubject): LoanConsents {
    return consentsOfSubject(s, (kind, party) => this.resolve(kind, party, s));
  }

  private resolve(kind: ConsentKind, party: string, s: LoanConsentSubject): ConsentResolution {
    const of = this.partyRecords(kind, party);
    const key = `${of.fromMission ? s.fromMission : ''}|${of.toMission ? s.toMission : ''}|${of.capability ? s.capability : ''}|${of.contributor ? s.contributor : ''}`;
    let found = of.byQuery.get(key);
    if (found === undefined) {
      const query = { kind, party, fromMission: s.fromMission, toMission: s.toMission, capability: s.capability, contributor: s.contributor, asOf: this.asOf, overdueDays: this.overdueDays };
      found = resolveConsent(of.records, query, this.byRecord);
      of.byQuery.set(key, found);
    }
    return found;
  }

  private partyRecords(kind: ConsentKind, party: string): PartyRecords {
    const at = indexKey(kind, party);
    let of = this.parties.get(at);
    if (of === undefined) {
      const records = this.index.get(at) ?? [];
      of = {
        records,
        byQuery: new Map(),
        fromMission: records.some((r) => r.fromMission !== '*'),
        toMission: records.some((r) => r.toMission !== '*'),
        capability: records.some((r) => r.capabilities.some((c) => c !== '*')),
        contributor: records.some((r) => r.contributors !== undefined),
      };
      this.parties.set(at, of);
    }
    return of;
  }
}

/** The resolutions that apply, in the order explanations name them. */
export function consentList(c: LoanConsents): ConsentResolution[] {
  return [c.contributor, c.hostState, c.council].filter((r): r is ConsentResolution => r !== undefined);
}

/** `contributor:PAK`, `host-state:CIV`, `council:UNSC`: how proposals name a consent. */
export function consentLabel(r: Pick<ConsentResolution, 'kind' | 'party'>): string {
  return `${r.kind}:${r.party}`;
}

/**
 * The consents a loan relies on, as its legal trail: every item in contributor, host-state,
 * council order, with its status and dates; items the unit does not need are listed as
 * `not-needed` so the planner sees they were considered, not forgotten.
 */
export function consentTrail(c: LoanConsents, s: Pick<LoanConsentSubject, 'contributor'>): LoanConsentItem[] {
  const item = (r: ConsentResolution): LoanConsentItem => {
    const out: LoanConsentItem = { item: consentLabel(r), status: r.state === 'pending' ? (r.overdue ? 'overdue' : 'pending') : 'granted', days: r.state === 'pending' ? roundDays(r.delayDays) : 0 };
    if (r.state === 'pending' && r.expectedBy !== undefined) out.expectedBy = r.expectedBy;
    if (r.record?.validUntil !== undefined) out.validUntil = new Date(toMs(r.record.validUntil)).toISOString();
    if (r.record?.reference !== undefined) out.reference = r.record.reference;
    return out;
  };
  const notNeeded = (label: string): LoanConsentItem => ({ item: label, status: 'not-needed', days: 0 });
  return [
    c.contributor ? item(c.contributor) : notNeeded(`contributor:${s.contributor}`),
    item(c.hostState),
    c.council ? item(c.council) : notNeeded('council:UNSC'),
  ];
}

/** The earliest validUntil among the consents a loan relies on, with the ones that end there first. */
export function validityLimit(c: LoanConsents): { until: string; items: string[] } | undefined {
  const dated = consentList(c)
    .filter((r) => r.record?.validUntil !== undefined)
    .map((r) => ({ label: consentLabel(r), ms: toMs(r.record?.validUntil ?? '') }))
    .sort((a, b) => a.ms - b.ms || (a.label < b.label ? -1 : 1));
  if (dated.length === 0) return undefined;
  return { until: new Date(dated[0].ms).toISOString(), items: dated.map((d) => d.label) };
}

function roundDays(days: number): number {
  return Math.round(days * 100) / 100;
}
