import type { CloudEvent, Decision, Proposal } from '@imc/contracts';
import { parseEvent } from '@imc/contracts';
import { buildPlanningProblem } from './planning-problem.builder';
import type { PlanningProblem } from './planning-problem';
import { toMs } from './time.util';
import { World } from './world.state';

/**
 * The planning engine, injected so that the domain does not depend on the optimizer:
 * `(problem, opts) => planProposal(problem, { ...opts, engine })` from @imc/optimizer.
 */
export type PlanFn = (problem: PlanningProblem, options: { scope: string; version: number }) => Promise<Proposal>;

export interface ScenarioOptions {
  plan: PlanFn;
  /** Default `global`. */
  scope?: string;
  /** Start from this world (a what-if starts from a copy of the live one); default empty. */
  world?: World;
  /** Version of the first proposal published; default 1. */
  firstVersion?: number;
}

export interface ScenarioLineIssue {
  /** 1-based line number in the file. */
  line: number;
  reason: string;
}

export interface ScenarioRun {
  /** Every proposal published, in order; each differs from the one before (timing aside). */
  proposals: Proposal[];
  /** Lines refused by parseEvent or by the world (e.g. a decision naming no current loan). */
  rejected: ScenarioLineIssue[];
  /** Lines applied with parts ignored (e.g. some loans of a decision were not in the proposal). */
  notes: ScenarioLineIssue[];
  /** Events applied, duplicates and stale versions (ignored by the contract, not errors). */
  counts: { applied: number; duplicate: number; stale: number };
  world: World;
}

/**
 * The shape of a proposal without what changes on every re-plan even when the plan does not:
 * identity, status, asOf, timing, and the model's size and engine (they depend on the history of
 * proposals through the change term, not on the plan). Two proposals with the same fingerprint
 * are the same plan.
 */
export function proposalFingerprint(p: Proposal): string {
  const { proposalId: _id, version: _v, asOf: _a, status: _s, solver, ...rest } = p;
  return JSON.stringify({ ...rest, solver: { status: solver.status, objective: Math.round(solver.objective * 1e6) / 1e6 } });
}

/**
 * In a scenario file a decision may name `latest` for the newest proposal and `["*"]` for every
 * loan of it; a live decision always names real ids.
 */
export function resolveShorthand(event: CloudEvent, latest: Proposal | undefined): CloudEvent {
  if (event.type !== 'imc.allocation.decided') return event;
  const d = event.data as Decision;
  const proposalId = d.proposalId === 'latest' ? (latest?.proposalId ?? d.proposalId) : d.proposalId;
  const loanIds = d.loanIds.length === 1 && d.loanIds[0] === '*' ? (latest?.loans.map((l) => l.loanId) ?? []) : d.loanIds;
  return { ...event, data: { ...d, proposalId, loanIds: loanIds.length > 0 ? loanIds : d.loanIds } };
}

/** Splits a scenario file into (line number, text) pairs, skipping blank and `#` lines. */
export function scenarioLines(text: string): { line: number; text: string }[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t.trim() }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
}

/**
 * The embedded mode: applies a scenario's events in order and re-plans whenever the next event's
 * time is later than the current one, and after the last event. A plan is published (gets the next
 * version) only when it differs from the previous one; each is recorded as published, `pending`.
 */
export async function planScenario(text: string, options: ScenarioOptions): Promise<ScenarioRun> {
  const scope = options.scope ?? 'global';
  const world = options.world ?? World.empty();
  const rejected: ScenarioLineIssue[] = [];
  const notes: ScenarioLineIssue[] = [];
  const proposals: Proposal[] = [];
  const counts = { applied: 0, duplicate: 0, stale: 0 };
  let version = (options.firstVersion ?? 1) - 1;
  let lastFingerprint = world.latestProposal ? proposalFingerprint(world.latestProposal) : undefined;

  const events: { line: number; event: CloudEvent }[] = [];
  for (const l of scenarioLines(text)) {
    const parsed = parseEvent(l.text);
    if (parsed.ok) events.push({ line: l.line, event: parsed.event });
    else rejected.push({ line: l.line, reason: parsed.reason });
  }

  const replan = async () => {
    // Before any event there is no "now" to plan from, and nothing to plan.
    if (world.asOf === undefined) return;
    const problem = buildPlanningProblem(world, { scope, previous: world.latestProposal });
    const proposal = await options.plan(problem, { scope, version: version + 1 });
    const fingerprint = proposalFingerprint(proposal);
    if (fingerprint === lastFingerprint) return;
    version++;
    lastFingerprint = fingerprint;
    proposals.push(proposal);
    world.recordProposal(proposal);
  };

  for (let i = 0; i < events.length; i++) {
    const { line, event } = events[i];
    const result = world.apply(resolveShorthand(event, world.latestProposal));
    if (result.status === 'rejected') rejected.push({ line, reason: result.reason });
    else if (result.status === 'applied') {
      counts.applied++;
      for (const note of result.notes) notes.push({ line, reason: note });
    } else counts[result.status]++;

    const next = events[i + 1];
    const now = world.asOf;
    if (next && now !== undefined && toMs(next.event.time) > toMs(now)) await replan();
  }
  await replan();
  rejected.sort((a, b) => a.line - b.line);
  return { proposals, rejected, notes, counts, world };
}
