import type {
  CloudEvent,
  Crisis,
  Decision,
  Demand,
  Loan,
  LoanRecalled,
  LoanReturned,
  LoanStatus,
  Mission,
  MissionStatus,
  Policy,
  Proposal,
  ProposedLoan,
  Unit,
  UnitRemoved,
} from '@imc/contracts';
import { ConsentIndex, ConsentRecord, consentList, indexConsents, loanConsents } from './consent.rule';
import { loanStatusAt } from './loan-lifecycle.rule';
import { DEFAULT_POLICY, mergePolicy, PolicyUpdate } from './policy.defaults';
import { addDays, isoDay, toMs } from './time.util';

export type ApplyResult =
  /** `notes` says what part of the event was ignored, e.g. loans of a decision not in the proposal. */
  | { status: 'applied'; notes: string[] }
  | { status: 'duplicate' }
  | { status: 'stale'; reason: string }
  | { status: 'rejected'; reason: string };

/** A demand the world holds open, with its objective weight. */
export interface OpenDemand extends Demand {
  /** priority * severity of its crisis (1 without a crisis). */
  weight: number;
}

/** An approved loan, with what accounting needs beyond the contract's Loan. */
export interface LoanRecord extends Loan {
  contributor: string;
  /** Totals over the loan's units. */
  personnel: number;
  aircraft: number;
  coverage: number;
  returnedAt?: string;
  decisionId: string;
  /** What the consents need to know of the units, to check them again while the loan runs. */
  commercial: boolean;
  interMissionClause: boolean;
  /** Days the units take to travel home, from the proposal: a recall brings them back after these. */
  transitDays: number;
  /** When a consent behind the loan was refused, withdrawn or expired, and which. */
  lapsedAt?: string;
  lapsedBecause?: string;
  recalledAt?: string;
  recallReason?: string;
  /** recalledAt + transitDays: the units are lendable again from then. */
  homeAt?: string;
  /** The proposal the approving decision named, and who approved. */
  proposalId: string;
  reviewer: string;
}

/** Who decided on a loan, on which proposal: what the API shows next to each proposed loan. */
export interface LoanReview {
  decision: 'approved' | 'rejected';
  decisionId: string;
  proposalId: string;
  reviewer: string;
}

/** A published proposal as the ledger keeps it: enough to resolve a decision that names it. */
interface KnownProposal {
  proposalId: string;
  asOf: string;
  loans: ProposedLoan[];
}

interface CrisisEntry {
  crisis: Readonly<Crisis>;
  resolved: boolean;
}

interface DemandEntry {
  demand: Readonly<Demand>;
  withdrawn: boolean;
}

/**
 * Everything the world holds, as plain data so that a what-if can copy it whole.
 *
 * The rule the planning worker's sync (apps/allocator/src/planning/world-sync.ts) relies on, kept
 * by the compiler: an entry of a map, the policy and the latest proposal are replaced by a new
 * object whenever they change, never edited in place (every entry is `Readonly`). So "changed
 * since" is "not the same object". The sets, the decision list and the stats are the stream's
 * bookkeeping and are edited in place.
 */
interface WorldData {
  asOf?: string;
  seenEventIds: Set<string>;
  /** `${kind}:${id}` -> highest version applied. */
  versions: Map<string, number>;
  missions: Map<string, Readonly<Mission>>;
  units: Map<string, Readonly<Unit>>;
  consents: Map<string, Readonly<ConsentRecord>>;
  policy: Readonly<Policy>;
  crises: Map<string, Readonly<CrisisEntry>>;
  demands: Map<string, Readonly<DemandEntry>>;
  loans: Map<string, Readonly<LoanRecord>>;
  /** `${unitId}|${demandId}` pairings a planner rejected. */
  rejectedPairings: Set<string>;
  /** Loans a planner rejected (and that were never approved), with the review. */
  rejectedLoans: Map<string, Readonly<LoanReview>>;
  /** Decisions the ledger applied (refused ones are not here), in the order applied. */
  decisions: Readonly<Decision>[];
  latestProposal?: Readonly<Proposal>;
  /** Every proposal published, in publish order, by id: a decision resolves against the one it names. */
  proposals: Map<string, Readonly<KnownProposal>>;
  /** Loans whose status or existence changed since takeLoanUpdates last ran. */
  changedLoanIds: Set<string>;
  stats: { applied: number; duplicate: number; stale: number; rejected: number };
}

/** A field of the world, seen read-only: its maps, sets and lists cannot be changed through it. */
type ReadonlyField<T> =
  T extends Map<infer K, infer V> ? ReadonlyMap<K, V> : T extends Set<infer V> ? ReadonlySet<V> : T extends (infer V)[] ? readonly V[] : T extends object ? Readonly<T> : T;

/**
 * A world as plain structured-cloneable data (Maps, Sets, plain objects): what a worker thread
 * receives through postMessage to plan a copy of the world off the service's event loop. Read-only
 * all the way to the entries: whoever holds one cannot change the world it came from.
 */
export type WorldSnapshot = { readonly [K in keyof WorldData]: ReadonlyField<WorldData[K]> };

function emptyData(): WorldData {
  return {
    seenEventIds: new Set(),
    versions: new Map(),
    missions: new Map(),
    units: new Map(),
    consents: new Map(),
    policy: mergePolicy({}),
    crises: new Map(),
    demands: new Map(),
    loans: new Map(),
    rejectedPairings: new Set(),
    rejectedLoans: new Map(),
    decisions: [],
    proposals: new Map(),
    changedLoanIds: new Set(),
    stats: { applied: 0, duplicate: 0, stale: 0, rejected: 0 },
  };
}

function byKey<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

/**
 * The state the allocator plans from, built only from events: missions, units, consents, the
 * policy, crises, demands and the loans planners approved. Applying the same events in the same
 * order always gives the same world; "now" is the time of the latest event applied.
 *
 * The world trusts its input to be valid (parseEvent has checked it); it enforces the rules of
 * the event stream itself: dedupe by event id, stale versions, decisions against the proposal.
 */
export class World {
  private constructor(private readonly s: WorldData) {}

  static empty(): World {
    return new World(emptyData());
  }

  /**
   * What buildPlanningProblem reads, as plain data that can cross to a worker thread (structured
   * clone): everything but the stream's bookkeeping (event ids and versions seen, the decision
   * ledger, the published proposals), which would only make the copy larger. Unlike snapshot()
   * it is not copied here, since postMessage copies it anyway: its maps are this world's own, so
   * post it at once, before anything else is applied. World.fromSnapshot reads it.
   */
  planningSnapshot(): WorldSnapshot {
    return { ...this.s, seenEventIds: new Set(), versions: new Map(), decisions: [], proposals: new Map(), changedLoanIds: new Set() };
  }

  /** A deep copy: a what-if run applies events to it without touching this world. */
  clone(): World {
    return new World(structuredClone(this.s));
  }

  /**
   * A copy to plan from, without the history only the event stream needs: seen event ids, applied
   * decisions and published proposals other than the latest (kept: the change penalty reads it).
   * A stress test copies the world once per sample, and the history is most of what a copy costs.
   * Events applied to it must carry fresh ids (duplicates can no longer be told).
   */
  forPlanning(): World {
    const { seenEventIds: _seen, decisions: _decisions, proposals: _proposals, changedLoanIds: _changed, ...rest } = this.s;
    return new World({ ...structuredClone(rest), seenEventIds: new Set(), decisions: [], proposals: new Map(), changedLoanIds: new Set() });
  }

  /** A copy of the whole state, to send to a worker thread (see WorldSnapshot). */
  snapshot(): WorldSnapshot {
    return structuredClone(this.s);
  }

  /** The world a snapshot was taken of; the snapshot is copied, so it can be used again. */
  static fromSnapshot(snapshot: WorldSnapshot): World {
    return new World(structuredClone(snapshot) as WorldData);
  }

  /**
   * A world over a snapshot this thread owns, not copied (fromSnapshot copies): the planning
   * worker's own copy of the service's world, which only its updates change, and which is too
   * large to copy per plan (about 90 ms for 120 dense missions). Nothing may apply events to it.
   */
  static adopt(snapshot: WorldSnapshot): World {
    return new World(snapshot as WorldData);
  }

  /** Planning "now"; undefined before the first event. */
  get asOf(): string | undefined {
    return this.s.asOf;
  }

  get policy(): Readonly<Policy> {
    return this.s.policy;
  }

  get stats(): Readonly<WorldData['stats']> {
    return this.s.stats;
  }

  /** The newest proposal published from this world: the next plan's `previous`. */
  get latestProposal(): Readonly<Proposal> | undefined {
    return this.s.latestProposal;
  }

  /**
   * A published proposal: it becomes the newest, and its loans are kept by id for as long as the
   * world lives, so that a decision naming it resolves the same way whenever it is applied (live,
   * or after a restart that read every proposal first). Recording one already known (read back
   * from the topic) only makes it the newest again if it is the newest by version.
   *
   * Copied once (the ledger and the newest share the copy: neither is ever edited), and not at all
   * when the caller hands it over (`owned`: nothing else holds or edits it): a 120-mission dense
   * proposal took 50-90 ms of the allocator's event loop to copy twice.
   */
  recordProposal(proposal: Proposal, options: { owned?: boolean } = {}): void {
    const own = options.owned ? proposal : structuredClone(proposal);
    const known = this.s.proposals.get(proposal.proposalId);
    if (!known) this.s.proposals.set(proposal.proposalId, { proposalId: proposal.proposalId, asOf: proposal.asOf, loans: own.loans });
    if (this.s.latestProposal === undefined || proposal.version >= this.s.latestProposal.version) this.s.latestProposal = own;
  }

  /** The loan ids of a published proposal, or undefined when it was never published here. */
  proposalLoans(proposalId: string): { proposalId: string; loanIds: string[] } | undefined {
    const p = this.s.proposals.get(proposalId);
    return p ? { proposalId, loanIds: p.loans.map((l) => l.loanId) } : undefined;
  }

  /**
   * The newest proposal (in publish order) whose asOf is strictly before `time`: what a scenario
   * file's `latest` means at that time. Strictly before, so that live (where the debounce may have
   * planned early), after a restart (where every proposal is known first) and in `plan` it names
   * the same proposal.
   */
  proposalBefore(time: string): { proposalId: string; loanIds: string[] } | undefined {
    const t = toMs(time);
    let found: Readonly<KnownProposal> | undefined;
    for (const p of this.s.proposals.values()) if (toMs(p.asOf) < t) found = p;
    return found ? { proposalId: found.proposalId, loanIds: found.loans.map((l) => l.loanId) } : undefined;
  }

  /** True once an event with this id was applied, or refused, here. */
  hasSeen(eventId: string): boolean {
    return this.s.seenEventIds.has(eventId);
  }

  apply(event: CloudEvent): ApplyResult {
    if (this.s.seenEventIds.has(event.id)) {
      this.s.stats.duplicate++;
      return { status: 'duplicate' };
    }
    this.s.seenEventIds.add(event.id);
    let result: ApplyResult;
    try {
      result = this.dispatch(event);
      if (result.status === 'applied') {
        const time = new Date(toMs(event.time)).toISOString();
        if (this.s.asOf === undefined || toMs(time) > toMs(this.s.asOf)) this.s.asOf = time;
        this.refreshLoans();
      }
    } catch (error) {
      // Not seen after all: a retry must apply it (or dead-letter it), not skip it as a duplicate.
      this.s.seenEventIds.delete(event.id);
      throw error;
    }
    if (result.status === 'applied') {
      this.s.stats.applied++;
    } else if (result.status === 'stale') {
      this.s.stats.stale++;
    } else if (result.status === 'rejected') {
      this.s.stats.rejected++;
    }
    return result;
  }

  private dispatch(event: CloudEvent): ApplyResult {
    const time = new Date(toMs(event.time)).toISOString();
    switch (event.type) {
      case 'imc.mission.upserted': {
        const m = event.data as Mission;
        return this.versioned(`mission:${m.missionId}`, m.version, () => this.s.missions.set(m.missionId, structuredClone(m)));
      }
      case 'imc.unit.upserted': {
        const u = event.data as Unit;
        return this.versioned(`unit:${u.unitId}`, u.version, () => this.s.units.set(u.unitId, structuredClone(u)));
      }
      case 'imc.unit.removed': {
        const r = event.data as UnitRemoved;
        return this.versioned(`unit:${r.unitId}`, r.version, () => this.s.units.delete(r.unitId));
      }
      case 'imc.consent.recorded': {
        const c = event.data as ConsentRecord;
        return this.versioned(`consent:${c.consentId}`, c.version, () => this.s.consents.set(c.consentId, { ...structuredClone(c), recordedAt: time }));
      }
      case 'imc.policy.updated': {
        const p = event.data as PolicyUpdate;
        const apply = () => {
          this.s.policy = mergePolicy(p);
        };
        // A policy without a version cannot be ordered, so it always applies.
        return p.version === undefined ? (apply(), { status: 'applied', notes: [] }) : this.versioned('policy:default', p.version, apply);
      }
      case 'imc.crisis.declared':
      case 'imc.crisis.updated':
      case 'imc.crisis.resolved': {
        const c = event.data as Crisis;
        const resolved = event.type === 'imc.crisis.resolved';
        return this.versioned(`crisis:${c.crisisId}`, c.version, () => this.s.crises.set(c.crisisId, { crisis: structuredClone(c), resolved }));
      }
      case 'imc.demand.raised':
      case 'imc.demand.withdrawn': {
        const d = event.data as Demand;
        const withdrawn = event.type === 'imc.demand.withdrawn';
        return this.versioned(`demand:${d.demandId}`, d.version, () => this.s.demands.set(d.demandId, { demand: structuredClone(d), withdrawn }));
      }
      case 'imc.clock.ticked':
        return { status: 'applied', notes: [] };
      case 'imc.allocation.decided': {
        const d = event.data as Decision;
        const stale = this.checkVersion(`decision:${d.decisionId}`, d.version);
        return stale ?? this.applyDecision(d, time);
      }
      case 'imc.loan.returned':
        return this.applyReturn(event.data as LoanReturned);
      case 'imc.loan.recalled':
        return this.applyRecall(event.data as LoanRecalled);
      default:
        return { status: 'rejected', reason: `unknown event type ${event.type}` };
    }
  }

  private checkVersion(key: string, version: number): ApplyResult | undefined {
    const held = this.s.versions.get(key);
    if (held !== undefined && version <= held) {
      return { status: 'stale', reason: `${key} version ${version} <= held ${held}` };
    }
    return undefined;
  }

  private versioned(key: string, version: number, mutate: () => void): ApplyResult {
    const stale = this.checkVersion(key, version);
    if (stale) return stale;
    this.s.versions.set(key, version);
    mutate();
    return { status: 'applied', notes: [] };
  }

  /**
   * The one decision rule, the same live and at start-up: a decision is resolved against the
   * proposal it NAMES. Loans of that proposal are approved if their units are still available and
   * not on loan; loans it does not hold are ignored with a note; a decision none of whose loans
   * exist (or naming a proposal never published) is refused.
   */
  private applyDecision(d: Decision, time: string): ApplyResult {
    const proposal = this.s.proposals.get(d.proposalId);
    if (!proposal) {
      return { status: 'rejected', reason: `decision ${d.decisionId}: proposal ${d.proposalId} was never published` };
    }
    const notes: string[] = [];
    const found: ProposedLoan[] = [];
    const missing: string[] = [];
    for (const id of d.loanIds) {
      const loan = proposal.loans.find((l) => l.loanId === id);
      if (loan) found.push(loan);
      else missing.push(id);
    }
    if (found.length === 0) {
      return { status: 'rejected', reason: `decision ${d.decisionId}: loans not in proposal ${proposal.proposalId}: ${missing.join(', ')}` };
    }
    if (missing.length > 0) notes.push(`ignored loans not in proposal ${proposal.proposalId}: ${missing.join(', ')}`);
    this.s.versions.set(`decision:${d.decisionId}`, d.version);
    this.s.decisions.push(structuredClone(d));
    const review: LoanReview = { decision: d.decision, decisionId: d.decisionId, proposalId: d.proposalId, reviewer: d.reviewer };

    if (d.decision === 'rejected') {
      for (const loan of found) {
        for (const unitId of loan.unitIds) this.s.rejectedPairings.add(`${unitId}|${loan.demandId}`);
        if (!this.s.loans.has(loan.loanId)) this.s.rejectedLoans.set(loan.loanId, review);
      }
      return { status: 'applied', notes };
    }
    const busy = this.unitsOnLoan();
    for (const loan of found) {
      if (this.s.loans.has(loan.loanId)) {
        notes.push(`loan ${loan.loanId} already approved`);
        continue;
      }
      const units = loan.unitIds.map((id) => this.s.units.get(id));
      const unavailable = loan.unitIds.filter((id, i) => busy.has(id) || units[i]?.status !== 'available');
      if (unavailable.length > 0) {
        notes.push(`loan ${loan.loanId} ignored: units no longer available: ${unavailable.join(', ')}`);
        continue;
      }
      const record: LoanRecord = {
        loanId: loan.loanId,
        demandId: loan.demandId,
        unitIds: [...loan.unitIds],
        fromMission: loan.fromMission,
        toMission: loan.toMission,
        capability: loan.capability,
        quantity: loan.quantity,
        approvedAt: time,
        arriveBy: loan.arriveBy,
        returnBy: loan.returnBy,
        status: 'approved',
        version: 0,
        contributor: loan.contributor,
        personnel: units.reduce((n, u) => n + (u?.personnel ?? 0), 0),
        aircraft: units.reduce((n, u) => n + (u?.aircraft ?? 0), 0),
        coverage: loan.coverage,
        decisionId: d.decisionId,
        commercial: units.some((u) => u?.commercial === true),
        interMissionClause: units.every((u) => u?.interMissionClause === true),
        transitDays: loan.leadTime.transitDays,
        proposalId: d.proposalId,
        reviewer: d.reviewer,
      };
      this.s.loans.set(record.loanId, record);
      for (const id of record.unitIds) busy.add(id);
    }
    return { status: 'applied', notes };
  }

  private applyReturn(r: LoanReturned): ApplyResult {
    const loan = this.s.loans.get(r.loanId);
    if (!loan) return { status: 'rejected', reason: `unknown loan ${r.loanId}` };
    if (loan.returnedAt !== undefined) return { status: 'rejected', reason: `loan ${r.loanId} already returned ${loan.returnedAt}` };
    this.s.loans.set(loan.loanId, { ...loan, returnedAt: new Date(toMs(r.returnedAt)).toISOString() });
    return { status: 'applied', notes: [] };
  }

  /**
   * A recall ends a loan early: it stops counting toward its demand at once, and its units are
   * lendable at home once they have travelled back. A returned or recalled loan cannot be recalled.
   */
  private applyRecall(r: LoanRecalled): ApplyResult {
    const loan = this.s.loans.get(r.loanId);
    if (!loan) return { status: 'rejected', reason: `unknown loan ${r.loanId}` };
    if (loan.returnedAt !== undefined) return { status: 'rejected', reason: `loan ${r.loanId} already returned ${loan.returnedAt}` };
    if (loan.recalledAt !== undefined) return { status: 'rejected', reason: `loan ${r.loanId} already recalled ${loan.recalledAt}` };
    const recalledAt = new Date(toMs(r.recalledAt)).toISOString();
    this.s.loans.set(loan.loanId, { ...loan, recalledAt, recallReason: r.reason, homeAt: addDays(recalledAt, loan.transitDays) });
    return { status: 'applied', notes: [] };
  }

  /**
   * A loan still running (not yet due) whose consents no longer hold has lost its legal basis: the
   * first refusal, withdrawal or expiry found is what lapses it (undefined: it does not lapse now).
   * A loan once lapsed stays lapsed from then on.
   */
  private lapseOf(loan: Readonly<LoanRecord>, asOf: string, consents: () => ConsentIndex): { lapsedAt: string; lapsedBecause: string } | undefined {
    if (loan.returnedAt !== undefined || loan.recalledAt !== undefined || loan.lapsedAt !== undefined) return undefined;
    if (toMs(asOf) >= toMs(loan.returnBy)) return undefined;
    const hostState = this.s.missions.get(loan.toMission)?.hostState;
    if (hostState === undefined) return undefined;
    const resolved = loanConsents(
      consents(),
      { fromMission: loan.fromMission, toMission: loan.toMission, capability: loan.capability, contributor: loan.contributor, commercial: loan.commercial, interMissionClause: loan.interMissionClause, hostState },
      asOf,
    );
    for (const c of consentList(resolved)) {
      const ref = c.record ? ` (${c.record.consentId})` : '';
      const because =
        c.state === 'refused'
          ? `${c.kind} ${c.party} refused${ref}`
          : c.state === 'withdrawn'
            ? `${c.kind} ${c.party} withdrew consent${ref}`
            : c.state === 'expired'
              ? `${c.kind} ${c.party} consent expired ${isoDay(c.record?.validUntil ?? asOf)}${ref}`
              : undefined;
      if (because) return { lapsedAt: asOf, lapsedBecause: because };
    }
    return undefined;
  }

  /** Recomputes every loan's status at asOf; a change bumps its version and queues an update. */
  private refreshLoans(): void {
    const asOf = this.s.asOf;
    if (asOf === undefined) return;
    // Indexed once per refresh, and only if a running loan needs its consents checked.
    let index: ConsentIndex | undefined;
    const consents = () => (index ??= indexConsents(this.s.consents.values()));
    for (const loan of this.s.loans.values()) {
      const lapse = this.lapseOf(loan, asOf, consents);
      const checked = lapse ? { ...loan, ...lapse } : loan;
      const status: LoanStatus = loanStatusAt(checked, asOf, this.inCrisis(loan.fromMission));
      if (loan.version === 0 || status !== loan.status) {
        // Replacing the entry of the key being visited: the iteration goes on with the next one.
        this.s.loans.set(loan.loanId, { ...checked, status, version: loan.version + 1 });
        this.s.changedLoanIds.add(loan.loanId);
      } else if (checked !== loan) {
        this.s.loans.set(loan.loanId, checked);
      }
    }
  }

  /** Loans created or whose status changed since the last call, sorted by id (to publish as imc.loan.updated). */
  takeLoanUpdates(): Loan[] {
    const ids = [...this.s.changedLoanIds].sort();
    this.s.changedLoanIds.clear();
    return ids.map((id) => this.s.loans.get(id)).filter((l): l is Readonly<LoanRecord> => l !== undefined).map(toLoan);
  }

  missions(): Readonly<Mission>[] {
    return [...this.s.missions.values()].sort(byKey((m) => m.missionId));
  }

  mission(missionId: string): Readonly<Mission> | undefined {
    return this.s.missions.get(missionId);
  }

  units(): Readonly<Unit>[] {
    return [...this.s.units.values()].sort(byKey((u) => u.unitId));
  }

  unit(unitId: string): Readonly<Unit> | undefined {
    return this.s.units.get(unitId);
  }

  consents(): Readonly<ConsentRecord>[] {
    return [...this.s.consents.values()].sort(byKey((c) => c.consentId));
  }

  /** Crises not resolved, sorted by id. */
  activeCrises(): Readonly<Crisis>[] {
    return [...this.s.crises.values()].filter((e) => !e.resolved).map((e) => e.crisis).sort(byKey((c) => c.crisisId));
  }

  crisis(crisisId: string): Readonly<CrisisEntry> | undefined {
    return this.s.crises.get(crisisId);
  }

  /**
   * A mission is in crisis when its own record says so, or while asOf is inside the window of one
   * of its unresolved crises. A scheduled crisis raised early does not stop the mission lending
   * before its window opens; its open demand raises the mission's floors instead.
   */
  effectiveStatus(missionId: string): MissionStatus | undefined {
    const m = this.s.missions.get(missionId);
    if (!m) return undefined;
    if (m.status === 'crisis') return 'crisis';
    const now = this.s.asOf === undefined ? Number.NEGATIVE_INFINITY : toMs(this.s.asOf);
    for (const { crisis, resolved } of this.s.crises.values()) {
      if (resolved || crisis.missionId !== missionId) continue;
      if (toMs(crisis.window.start) <= now && now < toMs(crisis.window.end)) return 'crisis';
    }
    return m.status;
  }

  inCrisis(missionId: string): boolean {
    return this.effectiveStatus(missionId) === 'crisis';
  }

  /**
   * Open demands, sorted by id: raised and not withdrawn, plus one per requirement of every
   * unresolved crisis (`${crisisId}/${capability}`), whose window has not closed yet. A raised
   * demand with the same id as a crisis requirement replaces it (that is how a planner sets
   * allowCaution on a crisis's need). A demand's site is its own, else its crisis's; without
   * either it is planned at its mission's hq.
   */
  openDemands(): OpenDemand[] {
    const now = this.s.asOf === undefined ? Number.NEGATIVE_INFINITY : toMs(this.s.asOf);
    const out = new Map<string, OpenDemand>();
    for (const crisis of this.activeCrises()) {
      for (const r of crisis.requirements) {
        const demandId = `${crisis.crisisId}/${r.capability}`;
        const prior = out.get(demandId);
        const priority = Math.max(prior?.priority ?? 0, r.priority);
        out.set(demandId, {
          demandId,
          missionId: crisis.missionId,
          crisisId: crisis.crisisId,
          capability: r.capability,
          quantity: (prior?.quantity ?? 0) + r.quantity,
          window: { ...crisis.window },
          priority,
          version: crisis.version,
          weight: priority * crisis.severity,
          ...(crisis.site ? { site: { ...crisis.site } } : {}),
        });
      }
    }
    for (const { demand, withdrawn } of this.s.demands.values()) {
      if (withdrawn) {
        out.delete(demand.demandId);
        continue;
      }
      const crisis = demand.crisisId ? this.s.crises.get(demand.crisisId) : undefined;
      if (crisis?.resolved) {
        out.delete(demand.demandId);
        continue;
      }
      // A raised demand without a site of its own is needed where its crisis is.
      const site = demand.site ?? crisis?.crisis.site;
      out.set(demand.demandId, { ...structuredClone(demand), weight: demand.priority * (crisis?.crisis.severity ?? 1), ...(site ? { site: { ...site } } : {}) });
    }
    return [...out.values()].filter((d) => toMs(d.window.end) > now).sort(byKey((d) => d.demandId));
  }

  /** Every approved loan, returned ones included, sorted by id. */
  loans(): LoanRecord[] {
    return [...this.s.loans.values()].sort(byKey((l) => l.loanId)).map((l) => structuredClone(l));
  }

  /** Every loan as the contract's Loan (what imc.loans carries), sorted by id. */
  contractLoans(): Loan[] {
    return [...this.s.loans.values()].sort(byKey((l) => l.loanId)).map(toLoan);
  }

  /** Loans whose units are still away from home: not returned, and not recalled and back yet. */
  outstandingLoans(): LoanRecord[] {
    return this.loans().filter((l) => this.isAway(l));
  }

  /**
   * Loans that count toward their demand: not returned, recalled or lapsed. A lapsed loan's units
   * may still be at the borrower, but without its consents it is no answer to the demand.
   */
  countingLoans(): LoanRecord[] {
    return this.loans().filter((l) => l.returnedAt === undefined && l.recalledAt === undefined && l.lapsedAt === undefined);
  }

  unitsOnLoan(): Set<string> {
    const out = new Set<string>();
    for (const l of this.s.loans.values()) if (this.isAway(l)) for (const id of l.unitIds) out.add(id);
    return out;
  }

  private isAway(l: Readonly<LoanRecord>): boolean {
    if (l.returnedAt !== undefined) return false;
    return l.homeAt === undefined || this.s.asOf === undefined || toMs(this.s.asOf) < toMs(l.homeAt);
  }

  isRejectedPairing(unitId: string, demandId: string): boolean {
    return this.s.rejectedPairings.has(`${unitId}|${demandId}`);
  }

  /** Demands with a rejected pairing: a plan asks about every (unit, demand) pair, and almost none have one. */
  demandsWithRejectedPairings(): Set<string> {
    const demands = new Set<string>();
    for (const key of this.s.rejectedPairings) demands.add(key.slice(key.lastIndexOf('|') + 1));
    return demands;
  }

  /** The review behind a loan: its approval if approved (it wins), else a rejection, else none. */
  reviewOf(loanId: string): Readonly<LoanReview> | undefined {
    const loan = this.s.loans.get(loanId);
    if (loan) return { decision: 'approved', decisionId: loan.decisionId, proposalId: loan.proposalId, reviewer: loan.reviewer };
    return this.s.rejectedLoans.get(loanId);
  }

  /** An approved loan (returned ones included), or undefined. */
  loan(loanId: string): LoanRecord | undefined {
    const loan = this.s.loans.get(loanId);
    return loan ? structuredClone(loan) : undefined;
  }

  /** Decisions the ledger applied on this proposal, in the order applied; refused ones are absent. */
  decisionsOn(proposalId: string): Decision[] {
    return this.s.decisions.filter((d) => d.proposalId === proposalId).map((d) => structuredClone(d));
  }

  decisionCount(): number {
    return this.s.decisions.length;
  }
}

function toLoan(l: Readonly<LoanRecord>): Loan {
  const loan: Loan & { returnedAt?: string } = {
    loanId: l.loanId,
    demandId: l.demandId,
    unitIds: [...l.unitIds],
    fromMission: l.fromMission,
    toMission: l.toMission,
    capability: l.capability,
    quantity: l.quantity,
    approvedAt: l.approvedAt,
    arriveBy: l.arriveBy,
    returnBy: l.returnBy,
    status: l.status,
    version: l.version,
  };
  if (l.returnedAt !== undefined) loan.returnedAt = l.returnedAt;
  return loan;
}
