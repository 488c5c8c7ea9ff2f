import type { CloudEvent, Decision, Proposal } from '@imc/contracts';
import { buildPlanningProblem } from './planning-problem.builder';
import type { PlanningProblem } from './planning-problem';
import { toMs } from './time.util';
import { ApplyResult, World } from './world.state';

/**
 * The planning engine, injected so that the domain does not depend on the optimizer:
 * `(problem, opts) => planProposal(problem, { ...opts, engine })` from @imc/optimizer.
 */
export type PlanFn = (problem: PlanningProblem, options: { scope: string; version: number }) => Promise<Proposal>;

/** A proposal with its fingerprint (proposalFingerprint), computed where it was planned. */
export interface FingerprintedProposal {
  proposal: Proposal;
  fingerprint: string;
}

/** What a planner is asked for: the session's scope, the next version and the proposal it follows. */
export interface PlanRequest {
  scope: string;
  version: number;
  previous?: Proposal;
}

/**
 * The planning session's port: plans a world as it is now, the problem build as well as the solve
 * (at scale the build alone blocks an event loop for hundreds of milliseconds, so the allocator's
 * planner does both in a worker thread). The session calls down through it and never back up into
 * whoever drives it. `inProcessPlanner` builds the problem here and hands it to a PlanFn.
 */
export interface Planner {
  planWorld(world: World, request: PlanRequest): Promise<Proposal | FingerprintedProposal>;
}

/** A Planner on this thread: the problem built from the world, solved by `plan`. */
export function inProcessPlanner(plan: PlanFn): Planner {
  return {
    planWorld: (world, { scope, version, previous }) => plan(buildPlanningProblem(world, { scope, previous }), { scope, version }),
  };
}

export type PlanningSessionOptions = ({ planner: Planner } | { plan: PlanFn }) & {
  /** Default `global`. */
  scope?: string;
  /** Start from this world (a what-if starts from a copy of the live one); default empty. */
  world?: World;
};

/** A plan made from the world as it is; `changed` says whether it is worth publishing. */
export interface PlanOutcome {
  proposal: Proposal;
  /** False when it is the same plan as the newest published one (see proposalFingerprint). */
  changed: boolean;
}

/**
 * The shape of a proposal without what changes on every re-plan even when the plan does not:
 * identity, status, asOf, timing, and the model's size and engine (they depend on the history of
 * proposals through the change term, not on the plan). Two proposals with the same fingerprint
 * are the same plan.
 */
export function proposalFingerprint(p: Proposal): string {
  const { proposalId: _id, version: _v, asOf: _a, status: _s, solver, lateEvents: _late, ...rest } = p;
  return JSON.stringify({ ...rest, solver: { status: solver.status, objective: Math.round(solver.objective * 1e6) / 1e6 } });
}

/**
 * In a scenario file a decision may name `latest` for the newest proposal published strictly
 * before the decision's time, and `["*"]` for every loan of the proposal it names; a live decision
 * always names real ids. Resolved from the world's own list of published proposals, so the
 * allocator live, the allocator after a restart, the API and `plan` all read it the same way.
 */
export function resolveShorthand(event: CloudEvent, world: World): CloudEvent {
  if (event.type !== 'imc.allocation.decided') return event;
  const d = event.data as Decision;
  const wantsAll = d.loanIds.length === 1 && d.loanIds[0] === '*';
  if (d.proposalId !== 'latest' && !wantsAll) return event;
  const named = d.proposalId === 'latest' ? world.proposalBefore(event.time) : world.proposalLoans(d.proposalId);
  if (!named) return event;
  const loanIds = wantsAll ? named.loanIds : d.loanIds;
  return { ...event, data: { ...d, proposalId: named.proposalId, loanIds: loanIds.length > 0 ? loanIds : d.loanIds } };
}

/**
 * The one home of the stepping rules, driven by the allocator (live and at start-up), `plan` and
 * the API's what-if:
 * - apply: scenario shorthand resolved, then the world's own rules (dedupe by event id, stale
 *   versions, a decision resolved against the proposal it names);
 * - plan before time moves on: `needsPlanBefore(event)` is true when the event is later than the
 *   world's "now" and something was applied since the last plan;
 * - publish only a different plan: `plan()` says `changed: false` for the same plan;
 * - continue the version sequence: the next version follows the newest known proposal;
 * - a proposal counts (is `previous`, may be named by decisions) only once `accept`ed, i.e. after
 *   it was published; at start-up `restoreProposal` accepts what imc.proposals holds.
 */
export class PlanningSession {
  readonly world: World;
  readonly scope: string;
  private readonly planner: Planner;
  private dirty = false;
  /** Changes to what a plan reads (events applied, proposals recorded), counted: see planAhead. */
  private changes = 0;
  /** The last plan's proposal and fingerprint, until it is accepted. */
  private planned: { proposal: Proposal; fingerprint: string } | undefined;
  /** The world's newest proposal (the object it holds) and its fingerprint. */
  private latestFingerprint: { proposal: Proposal; fingerprint: string } | undefined;

  constructor(options: PlanningSessionOptions) {
    this.world = options.world ?? World.empty();
    this.scope = options.scope ?? 'global';
    this.planner = 'planner' in options ? options.planner : inProcessPlanner(options.plan);
  }

  apply(event: CloudEvent): ApplyResult {
    const result = this.world.apply(resolveShorthand(event, this.world));
    if (result.status === 'applied') {
      this.dirty = true;
      this.changes += 1;
    }
    return result;
  }

  /** The changes of one moment are planned before an event of a later moment is applied. */
  needsPlanBefore(event: CloudEvent): boolean {
    const asOf = this.world.asOf;
    return this.dirty && asOf !== undefined && toMs(event.time) > toMs(asOf);
  }

  hasUnplannedChanges(): boolean {
    return this.dirty;
  }

  get latestProposal(): Proposal | undefined {
    return this.world.latestProposal;
  }

  /**
   * Plans the world as it is now. Clears the "unplanned changes" mark even if the caller then fails
   * to publish: the next applied change plans again (the allocator's documented behaviour).
   */
  async plan(): Promise<PlanOutcome> {
    this.dirty = false;
    return this.planNow();
  }

  /**
   * Plans the world as it is now without counting it planned: the allocator plans ahead while it
   * waits for the stream to stay quiet. The plan is the moment's plan only if nothing changed the
   * world after it started (`adopt` with the stamp it returns); until then the world still has
   * unplanned changes, so a later event still waits for the moment to be planned.
   */
  async planAhead(): Promise<{ outcome: PlanOutcome; stamp: number }> {
    const stamp = this.changes;
    return { outcome: await this.planNow(), stamp };
  }

  /**
   * Whether a plan ahead started at `stamp` is the plan of the world as it is now (nothing applied
   * or recorded since); if so the world counts as planned, as after `plan`.
   */
  adopt(stamp: number): boolean {
    if (stamp !== this.changes) return false;
    this.dirty = false;
    return true;
  }

  private async planNow(): Promise<PlanOutcome> {
    const previous = this.world.latestProposal;
    const version = (previous?.version ?? 0) + 1;
    const planned = await this.planner.planWorld(this.world, { scope: this.scope, version, previous });
    // A planner in a worker thread fingerprints there: the JSON of a large proposal is not free.
    const { proposal, fingerprint } = 'fingerprint' in planned ? planned : { proposal: planned, fingerprint: proposalFingerprint(planned) };
    const changed = !previous || this.fingerprintOf(previous) !== fingerprint;
    this.planned = { proposal, fingerprint };
    return { proposal, changed };
  }

  /**
   * The proposal was published (the broker acknowledged it): it is the newest, decisions may name it.
   * `owned`: the caller hands it over and will not edit it, so the world keeps it without a copy.
   */
  accept(proposal: Proposal, options: { owned?: boolean } = {}): void {
    this.world.recordProposal(proposal, options);
    this.changes += 1;
    // The next plan compares against it: its fingerprint (a JSON of the whole proposal) is known.
    const latest = this.world.latestProposal;
    this.latestFingerprint = this.planned?.proposal === proposal && latest?.proposalId === proposal.proposalId ? { proposal: latest, fingerprint: this.planned.fingerprint } : undefined;
    this.planned = undefined;
  }

  /** A proposal's fingerprint, remembered for the newest accepted one (the usual `previous`). */
  private fingerprintOf(p: Proposal): string {
    return this.latestFingerprint?.proposal === p ? this.latestFingerprint.fingerprint : proposalFingerprint(p);
  }

  /** A proposal read back from imc.proposals at start-up; other scopes are not this session's. */
  restoreProposal(proposal: Proposal): void {
    if (proposal.scope !== this.scope) return;
    this.world.recordProposal(proposal);
    this.changes += 1;
  }
}
