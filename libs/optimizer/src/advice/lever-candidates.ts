import { createHash } from 'node:crypto';
import type { AdviceLeverKind, Capability, CloudEvent, Consent, Mission, Policy, Proposal, ReserveFloorRule, Unit } from '@imc/contracts';
import { cloudEvent } from '@imc/contracts';
import { consentLabel, consentList, type ConsentRecord, type ConsentResolution, isoDay, isUniformed, loanConsents, reserveFloor, type World } from '@imc/domain';

/** Where the events of a lever say they come from. */
export const ADVICE_SOURCE = '/imc/advice';

/**
 * One change a planner could make, as the events that make it: what `computeAdvice` plans the
 * world with to measure it, and what a spec appends to a scenario to reproduce the gain.
 */
export interface LeverCandidate {
  /** The short demands whose explanations suggested it (one change may serve several). */
  demandIds: string[];
  lever: AdviceLeverKind;
  target: string;
  /** What changes, before measuring; a floor or a crisis lever adds what the donor then keeps. */
  change: string;
  events: CloudEvent[];
  /** The donor whose posture the change moves (floor, donor in crisis): named in `change` after measuring. */
  donor?: { missionId: string; capability: Capability };
  /**
   * (v3) How much the change asks, within its kind: floor lowered by, consents in the bundle,
   * authorizations renewed, 1 for the others. At equal gain the milder change ranks first.
   */
  size: number;
  /** (v3) Consent and consent-validity levers: the pair and the items, to read latestUseful from the variant's loans. */
  consent?: { fromMission: string; toMission: string; capability: Capability; items: string[]; validUntil?: string };
}

/** Reasons a consent granted now could remove: a missing, refused or expired one, or one still pending. */
const CONSENT_REASONS = new Set(['consent-missing', 'consent-refused', 'consent-expired', 'too-late']);

/**
 * The levers worth measuring for a proposal, read from its explanations, so the set stays small:
 * every short demand's reasons name the donor and what held it back (a consent, a floor, the
 * recipient's room, the donor's share on loan, the donor's crisis), and the demand's own proposed
 * loans name the consents they still wait for. Deterministic: the same world and proposal give
 * the same candidates, in the same order, with the same event ids.
 */
export function candidateLevers(world: World, proposal: Proposal): LeverCandidate[] {
  const asOf = world.asOf ?? proposal.asOf;
  const found = new Map<string, LeverCandidate>();
  const add = (demandId: string, c: Omit<LeverCandidate, 'demandIds'>) => {
    const key = JSON.stringify(c.events.map((e) => [e.type, e.data]));
    const known = found.get(key);
    if (known) {
      if (!known.demandIds.includes(demandId)) known.demandIds.push(demandId);
      return;
    }
    found.set(key, { ...c, demandIds: [demandId] });
  };
  const ids = new EventIds(world, proposal.proposalId);

  for (const unmet of proposal.unmet) {
    const recipient = world.mission(unmet.missionId);
    if (!recipient) continue;
    const capability = unmet.capability;
    for (const r of unmet.reasons) {
      const donor = r.missionId;
      if (CONSENT_REASONS.has(r.reason)) {
        for (const c of consentLevers(world, ids, asOf, donor, recipient, capability)) add(unmet.demandId, c);
        for (const c of validityLevers(world, ids, asOf, donor, recipient, capability, unmet.demandId)) add(unmet.demandId, c);
      }
      if (r.reason === 'reserve-floor' || r.reason === 'used-elsewhere') {
        for (const c of floorLevers(world, ids, asOf, proposal, donor, capability)) add(unmet.demandId, c);
      }
      if (r.reason === 'receiving-capacity') {
        const c = receivingLever(world, ids, asOf, recipient, capability, unmet.shortfall);
        if (c) add(unmet.demandId, c);
      }
      if (r.reason === 'share-on-loan') {
        const c = shareLever(world, ids, asOf, donor, capability, unmet.shortfall);
        if (c) add(unmet.demandId, c);
      }
      if (r.reason === 'donor-in-crisis' && !world.policy.donorInCrisisLends) {
        add(unmet.demandId, {
          lever: 'donor-in-crisis',
          target: `${donor} in crisis`,
          change: `donorInCrisisLends false -> true`,
          events: [policyEvent(world, ids, asOf, { donorInCrisisLends: true })],
          donor: { missionId: donor, capability },
          size: 1,
        });
      }
    }
    // A loan of this demand still waiting for a consent arrives later than it could.
    for (const loan of proposal.loans.filter((l) => l.demandId === unmet.demandId && l.pending.length > 0)) {
      for (const c of consentLevers(world, ids, asOf, loan.fromMission, recipient, capability)) add(unmet.demandId, c);
    }
  }
  // (v3) A loan an authorization ends before its window does: renewing it is a lever too, whether
  // or not its demand is listed short (the loan's missing days count in the weighted shortfall).
  for (const loan of proposal.loans) {
    if (!loan.renewal || loan.renewal.length === 0) continue;
    const recipient = world.mission(loan.toMission);
    if (!recipient) continue;
    for (const c of validityLevers(world, ids, asOf, loan.fromMission, recipient, loan.capability, loan.demandId)) add(loan.demandId, c);
  }
  return [...found.values()];
}

/** Deterministic ids no event applied to the world has: a hash of the proposal and the change. */
class EventIds {
  constructor(
    private readonly world: World,
    private readonly proposalId: string,
  ) {}

  of(type: string, data: unknown): string {
    const hash = createHash('sha256').update(JSON.stringify([this.proposalId, type, data])).digest('hex').slice(0, 16);
    let id = `advice-${hash}`;
    for (let n = 2; this.world.hasSeen(id); n++) id = `advice-${hash}-${n}`;
    return id;
  }
}

function event(ids: EventIds, type: string, time: string, subject: string, data: object): CloudEvent {
  return cloudEvent({ id: ids.of(type, data), source: ADVICE_SOURCE, type, time, subject, data });
}

/** The whole policy as it is, with the change and the next version: a policy event states the whole policy. */
function policyEvent(world: World, ids: EventIds, asOf: string, change: Partial<Policy>): CloudEvent {
  const data: Policy = { ...structuredClone(world.policy), ...change, version: world.policy.version + 1 };
  return event(ids, 'imc.policy.updated', asOf, 'default', data);
}

/** The groups a donor could lend of a capability, as far as consents tell them apart. */
function consentSubjects(world: World, donor: string, capability: Capability): Unit[] {
  const seen = new Map<string, Unit>();
  for (const u of world.units()) {
    if (u.missionId !== donor || u.capability !== capability) continue;
    const key = `${u.contributor}|${u.commercial}|${u.interMissionClause}`;
    if (!seen.has(key)) seen.set(key, u);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, u]) => u);
}

/**
 * (v3) One bundle per group of the donor's units a consent tells apart: every consent of the pair
 * that is not granted (missing, refused, withdrawn, expired or still pending), granted together
 * now; and, where some are pending and some will never come on their own, those alone (the
 * pending ones may arrive in time). Securing one of two missing consents gains nothing, so no
 * other part of a bundle is offered alone. A commercial contract without its inter-mission clause is not a consent anyone
 * can grant here, so it gives no lever.
 */
function consentLevers(world: World, ids: EventIds, asOf: string, donor: string, recipient: Mission, capability: Capability): Omit<LeverCandidate, 'demandIds'>[] {
  const out: Omit<LeverCandidate, 'demandIds'>[] = [];
  for (const u of consentSubjects(world, donor, capability)) {
    if (u.commercial && !u.interMissionClause) continue;
    const open = consentList(resolveFor(world, asOf, donor, recipient, capability, u)).filter((r) => r.state !== 'granted');
    if (open.length === 0) continue;
    const pair = `${donor}->${recipient.missionId}`;
    const bundle = (rs: ConsentResolution[]): Omit<LeverCandidate, 'demandIds'> => {
      const items = rs.map(consentLabel);
      return {
        lever: 'consent',
        target: `${items.join(' + ')} ${pair}`,
        change: rs.length === 1 ? `granted by ${isoDay(asOf)} (${describe(rs[0])})` : `all granted by ${isoDay(asOf)} (${rs.map(describe).join('; ')})`,
        events: rs.map((r) => grantEvent(world, ids, asOf, r, donor, recipient.missionId, capability)),
        size: rs.length,
        consent: { fromMission: donor, toMission: recipient.missionId, capability, items },
      };
    };
    out.push(bundle(open));
    // A pending consent comes on its own: the ones that never will (missing, refused, withdrawn,
    // expired), secured alone, are the milder bundle when the pending ones arrive in time.
    const blocking = open.filter((r) => r.state !== 'pending');
    if (blocking.length > 0 && blocking.length < open.length) out.push(bundle(blocking));
  }
  return out;
}

function resolveFor(world: World, asOf: string, donor: string, recipient: Mission, capability: Capability, u: Unit) {
  return loanConsents(
    world.consents(),
    { fromMission: donor, toMission: recipient.missionId, capability, contributor: u.contributor, commercial: u.commercial, interMissionClause: u.interMissionClause, hostState: recipient.hostState },
    asOf,
    world.policy.overdueConsentDays,
  );
}

/**
 * (v3) The consent-validity lever: every granted consent of the pair whose validUntil falls before
 * the demand's window ends, renewed together to the window's end (a new version of the record that
 * rules today, as the Council renews a mandate: S/RES/1951 (2010) gave four weeks, then more).
 */
function validityLevers(world: World, ids: EventIds, asOf: string, donor: string, recipient: Mission, capability: Capability, demandId: string): Omit<LeverCandidate, 'demandIds'>[] {
  const demand = world.openDemands().find((d) => d.demandId === demandId);
  if (!demand) return [];
  const until = demand.window.end;
  const out: Omit<LeverCandidate, 'demandIds'>[] = [];
  for (const u of consentSubjects(world, donor, capability)) {
    if (u.commercial && !u.interMissionClause) continue;
    const short = consentList(resolveFor(world, asOf, donor, recipient, capability, u)).filter(
      (r) => r.state === 'granted' && r.record?.validUntil !== undefined && Date.parse(r.record.validUntil) < Date.parse(until),
    );
    if (short.length === 0) continue;
    const pair = `${donor}->${recipient.missionId}`;
    const items = short.map(consentLabel);
    const first = short.map((r) => r.record?.validUntil ?? until).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
    out.push({
      lever: 'consent-validity',
      target: `${items.join(' + ')} ${pair}`,
      change: short.map((r) => `${consentLabel(r)} validUntil ${isoDay(r.record?.validUntil ?? '')} -> ${isoDay(until)}`).join('; '),
      events: short.map((r) => renewEvent(ids, asOf, r.record as ConsentRecord, until)),
      size: short.length,
      consent: { fromMission: donor, toMission: recipient.missionId, capability, items, validUntil: first },
    });
  }
  return out;
}

/** The record that rules today, again, with a later validUntil and the next version. */
function renewEvent(ids: EventIds, asOf: string, ruling: ConsentRecord, until: string): CloudEvent {
  const { recordedAt: _recordedAt, expectedInDays: _expected, ...kept } = ruling;
  const data: Consent = { ...kept, validUntil: new Date(Date.parse(until)).toISOString(), version: ruling.version + 1 };
  return event(ids, 'imc.consent.recorded', asOf, data.consentId, data);
}

function describe(r: ConsentResolution): string {
  if (r.state === 'pending') return r.overdue ? `overdue since ${isoDay(r.expectedBy ?? '')}` : `pending, expected ${isoDay(r.expectedBy ?? '')}`;
  return r.state;
}

/**
 * The consent granted for exactly this pair and capability. The record that rules today is
 * upgraded when it is already that specific (a new record would lose to it on version); otherwise
 * a new record for the pair, which beats a wider one by being more specific.
 */
function grantEvent(world: World, ids: EventIds, asOf: string, r: ConsentResolution, from: string, to: string, capability: Capability): CloudEvent {
  const ruling = r.record;
  let data: Consent;
  if (ruling && ruling.fromMission === from && ruling.toMission === to && ruling.capabilities.includes(capability)) {
    const { recordedAt: _recordedAt, expectedInDays: _expected, validUntil, ...kept } = ruling as ConsentRecord;
    data = { ...kept, status: 'granted', version: ruling.version + 1 };
    // An expired record granted again is valid from now on; a future validUntil still holds.
    if (validUntil !== undefined && r.state !== 'expired') data.validUntil = validUntil;
  } else {
    const consentId = `advice-${r.kind}-${r.party}-${from}-${to}-${capability}`;
    const held = world.consents().find((c) => c.consentId === consentId);
    data = { consentId, kind: r.kind, party: r.party, fromMission: from, toMission: to, capabilities: [capability], status: 'granted', version: (held?.version ?? 0) + 1 };
  }
  return event(ids, 'imc.consent.recorded', asOf, data.consentId, data);
}

/** The donor's floor lowered by one, then two: a rule for exactly that mission and capability. */
function floorLevers(world: World, ids: EventIds, asOf: string, proposal: Proposal, donor: string, capability: Capability): Omit<LeverCandidate, 'demandIds'>[] {
  const posture = proposal.posture.find((p) => p.missionId === donor && p.capability === capability);
  if (!posture || posture.floor <= 0) return [];
  const rules = world.policy.reserveFloors;
  const base = reserveFloor(rules, donor, capability, posture.held);
  const out: Omit<LeverCandidate, 'demandIds'>[] = [];
  for (const by of [1, 2]) {
    if (base - by < 0) break;
    const rule: ReserveFloorRule = { missionId: donor, capability, minFraction: 0, minCount: base - by };
    const reserveFloors = [...rules.filter((r) => !(r.missionId === donor && r.capability === capability)), rule];
    out.push({
      lever: 'reserve-floor',
      target: `floor ${donor}/${capability}`,
      change: `floor ${posture.floor} -> ${posture.floor - by}`,
      events: [policyEvent(world, ids, asOf, { reserveFloors })],
      donor: { missionId: donor, capability },
      size: by,
    });
  }
  return out;
}

/** The largest unit of a capability any other mission holds: what the recipient must make room for. */
function largestUnit(world: World, capability: Capability, except: string): { personnel: number; aircraft: number } {
  let personnel = 0;
  let aircraft = 0;
  for (const u of world.units()) {
    if (u.capability !== capability || u.missionId === except) continue;
    personnel = Math.max(personnel, u.personnel);
    aircraft = Math.max(aircraft, u.aircraft);
  }
  return { personnel, aircraft };
}

/** The recipient's receiving capacity raised by what the short units would bring. */
function receivingLever(world: World, ids: EventIds, asOf: string, recipient: Mission, capability: Capability, shortfall: number): Omit<LeverCandidate, 'demandIds'> | undefined {
  const unit = largestUnit(world, capability, recipient.missionId);
  const cap = recipient.receivingCapacity;
  const raised = { personnel: cap.personnel + unit.personnel * shortfall, aircraft: cap.aircraft + unit.aircraft * shortfall };
  if (raised.personnel === cap.personnel && raised.aircraft === cap.aircraft) return undefined;
  const parts = (['personnel', 'aircraft'] as const).filter((k) => raised[k] !== cap[k]).map((k) => `${k} ${cap[k]} -> ${raised[k]}`);
  const data: Mission = { ...structuredClone(recipient), receivingCapacity: raised, version: recipient.version + 1 };
  return {
    lever: 'receiving-capacity',
    target: `receiving ${recipient.missionId}`,
    change: parts.join(', '),
    events: [event(ids, 'imc.mission.upserted', asOf, recipient.missionId, data)],
    size: 1,
  };
}

/**
 * The policy's share on loan raised so that the donor may send the short units too (to the next
 * hundredth). The share is one policy for every mission, and the measured gain counts what the
 * change does everywhere.
 */
function shareLever(world: World, ids: EventIds, asOf: string, donor: string, capability: Capability, shortfall: number): Omit<LeverCandidate, 'demandIds'> | undefined {
  const own = world.units().filter((u) => u.missionId === donor);
  const uniformed = own.filter(isUniformed).reduce((n, u) => n + u.personnel, 0);
  const perUnit = Math.max(0, ...own.filter((u) => u.capability === capability).map((u) => u.personnel));
  const share = world.policy.maxShareOnLoan;
  if (uniformed <= 0 || perUnit <= 0 || share >= 1) return undefined;
  const raised = Math.min(1, Math.ceil(((Math.floor(share * uniformed + 1e-9) + perUnit * shortfall) / uniformed) * 100) / 100);
  if (raised <= share) return undefined;
  return {
    lever: 'share-on-loan',
    target: `share ${donor}`,
    change: `maxShareOnLoan ${share} -> ${raised}`,
    events: [policyEvent(world, ids, asOf, { maxShareOnLoan: raised })],
    size: 1,
  };
}
