import type { Advice, AdviceLever, CloudEvent, Proposal } from '@imc/contracts';
import { addDays, daysBetween, demandsByMission, isoDay, lenderNeedOf, type PlanFn, PlanningSession, round, World } from '@imc/domain';
import { candidateLevers, type LeverCandidate } from './lever-candidates';

/** Default time budget of one advice computation. */
export const DEFAULT_ADVICE_BUDGET_MS = 10_000;

/**
 * Plans the world with some events applied (none: the baseline) and answers the proposal; may
 * run in a worker. Rejects when `signal` aborts (the budget ran out).
 */
export type VariantRunner = (events: CloudEvent[], signal: AbortSignal) => Promise<Proposal>;

export interface AdviceOptions {
  run: VariantRunner;
  /** Default DEFAULT_ADVICE_BUDGET_MS. */
  budgetMs?: number;
  /** Milliseconds, for computedMs and the budget; default Date.now. */
  clock?: () => number;
}

/** A lever measured: the candidate, the variant plan and what it gains over the baseline. */
export interface MeasuredLever extends LeverCandidate {
  gain: AdviceLever['gain'];
  cost: number;
  /** Demands whose own shortfall or coverage the change improves. */
  helped: string[];
  /** (v3) Consent and consent-validity levers: the last day the grant still gives the gain. */
  latestUseful?: string;
}

export interface AdviceRun {
  advice: Advice;
  /** The world planned again without any change: what gains are measured against. */
  baseline?: Proposal;
  /** Every candidate measured, with or without a gain; with its events, so a spec can replay it. */
  measured: MeasuredLever[];
}

/** What a plan leaves short, in the three currencies of a lever's gain, plus what it costs. */
export interface PlanMeasure {
  units: number;
  coverageDays: number;
  weightedShortfall: number;
  cost: number;
  /** Per demand: units short and unit-days covered. */
  demands: Map<string, { short: number; coveredDays: number }>;
}

/**
 * The objective's own currency: weight x (units short + units late, as 1 - coverage per unit
 * lent), summed over demands; coverage days are unit-days of the demand's window a loan is there.
 * The weights and windows come from the world the plan was made from. (v3) The whole world counts:
 * a loan from a mission with its own open demand for the capability moves the gap there, so the
 * lender's loss (weight x overlap of the loan with that demand's window, per unit) is counted too;
 * the proposal's unmet shows those units whole, so they are taken out of it first.
 */
export function measurePlan(world: World, proposal: Proposal): PlanMeasure {
  const open = new Map(world.openDemands().map((d) => [d.demandId, d]));
  const demands = new Map<string, { short: number; coveredDays: number }>();
  const entry = (id: string) => {
    let e = demands.get(id);
    if (!e) demands.set(id, (e = { short: 0, coveredDays: 0 }));
    return e;
  };
  let units = 0;
  let coverageDays = 0;
  let weighted = 0;
  let cost = 0;
  const own = demandsByMission([...open.values()]);
  const movedWhole = new Map<string, number>();
  for (const l of proposal.loans) {
    for (const n of lenderNeedOf(own.get(`${l.fromMission}|${l.capability}`) ?? [], l.arriveBy, l.returnBy)) {
      movedWhole.set(n.demandId, (movedWhole.get(n.demandId) ?? 0) + l.quantity);
      weighted += n.weight * n.overlap * l.quantity;
    }
  }
  for (const u of proposal.unmet) {
    units += u.shortfall;
    entry(u.demandId).short += u.shortfall;
    weighted += (open.get(u.demandId)?.weight ?? 1) * Math.max(0, u.shortfall - (movedWhole.get(u.demandId) ?? 0));
  }
  for (const l of proposal.loans) {
    const d = open.get(l.demandId);
    const windowDays = d ? Math.max(0, daysBetween(d.window.start, d.window.end)) : 0;
    const days = l.quantity * l.coverage * windowDays;
    coverageDays += days;
    entry(l.demandId).coveredDays += days;
    weighted += (d?.weight ?? 1) * l.quantity * (1 - l.coverage);
    cost += l.cost.total;
  }
  return { units, coverageDays, weightedShortfall: weighted, cost, demands };
}

/** What `after` gains over `before`: positive is better, cost is what it adds. */
export function gainBetween(before: PlanMeasure, after: PlanMeasure): { gain: AdviceLever['gain']; cost: number; helped: string[] } {
  const helped: string[] = [];
  for (const id of new Set([...before.demands.keys(), ...after.demands.keys()])) {
    const b = before.demands.get(id) ?? { short: 0, coveredDays: 0 };
    const a = after.demands.get(id) ?? { short: 0, coveredDays: 0 };
    if (a.short < b.short || a.coveredDays > b.coveredDays + 1e-6) helped.push(id);
  }
  return {
    gain: {
      units: round(before.units - after.units, 4),
      coverageDays: round(after.coverageDays - before.coverageDays, 2),
      weightedShortfall: round(before.weightedShortfall - after.weightedShortfall, 3),
    },
    cost: Math.round(after.cost - before.cost),
    helped: helped.sort(),
  };
}

/**
 * Plans the world with a lever's events applied after the proposal, with the session's own rules
 * (as appending the events to a scenario and planning again would). In-process; a worker runs the
 * same function on a snapshot.
 */
export async function planVariant(world: World, scope: string, events: readonly CloudEvent[], plan: PlanFn): Promise<Proposal> {
  const session = new PlanningSession({ plan, scope, world: world.clone() });
  for (const e of events) {
    const result = session.apply(e);
    if (result.status !== 'applied') throw new Error(`lever event ${e.id} (${e.type}) not applied: ${result.status}${'reason' in result ? `: ${result.reason}` : ''}`);
  }
  return (await session.plan()).proposal;
}

/** An in-process runner: variants one after the other on this thread (the CLI, specs). */
export function inProcessRunner(world: World, scope: string, plan: PlanFn): VariantRunner {
  let chain: Promise<unknown> = Promise.resolve();
  return (events, signal) => {
    const next = chain.then(() => {
      if (signal.aborted) throw new Error('advice budget ran out');
      return planVariant(world, scope, events, plan);
    });
    chain = next.catch(() => undefined);
    return next;
  };
}

/**
 * Advice on a proposal: the candidate levers its explanations suggest, each measured by planning
 * the world with it (never estimated), against the same world planned again without it. Only
 * levers with a positive weighted gain are listed, under each short demand they help, best
 * weighted gain first, then cheapest. The world must be the one the proposal was planned from.
 *
 * The baseline and the variants run through `options.run` (in parallel on a worker pool in the
 * services) under a time budget; a lever not measured in time is left out and `complete` says so.
 */
export async function computeAdvice(world: World, proposal: Proposal, options: AdviceOptions): Promise<AdviceRun> {
  const clock = options.clock ?? Date.now;
  const budgetMs = options.budgetMs ?? DEFAULT_ADVICE_BUDGET_MS;
  const started = clock();
  const candidates = candidateLevers(world, proposal);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), budgetMs);
  const finish = (levers: AdviceLever[], measured: number, complete: boolean): Advice => ({
    proposalId: proposal.proposalId,
    computedMs: Math.round(clock() - started),
    levers,
    complete,
    budgetMs,
    candidates: candidates.length,
    measured,
  });
  try {
    if (candidates.length === 0) return { advice: finish([], 0, true), measured: [] };
    // A runner that does not heed the signal is not waited for past the budget either.
    const bounded = (events: CloudEvent[]) =>
      new Promise<Proposal>((resolve, reject) => {
        controller.signal.addEventListener('abort', () => reject(new Error('advice budget ran out')), { once: true });
        options.run(events, controller.signal).then(resolve, reject);
      });
    const runs = [bounded([]), ...candidates.map((c) => bounded(c.events))];
    const settled = await Promise.allSettled(runs);
    const [base, ...variants] = settled;
    if (base.status === 'rejected') {
      if (!controller.signal.aborted) throw base.reason;
      return { advice: finish([], 0, false), measured: [] };
    }
    const before = measurePlan(world, base.value);
    const measured: MeasuredLever[] = [];
    let failed = 0;
    variants.forEach((v, i) => {
      if (v.status === 'rejected') {
        if (!controller.signal.aborted) throw v.reason;
        failed++;
        return;
      }
      const c = candidates[i];
      const { gain, cost, helped } = gainBetween(before, measurePlan(world, v.value));
      const latest = latestUseful(world, c, v.value);
      measured.push({ ...c, change: withKeeps(c, v.value), gain, cost, helped, ...(latest ? { latestUseful: latest } : {}) });
    });
    const levers = rank(measured);
    const advice = finish(levers, measured.length, failed === 0);
    const note = unlistedNote(measured, levers.length);
    return { advice: note ? { ...advice, note } : advice, baseline: base.value, measured };
  } finally {
    clearTimeout(timer);
  }
}

/** A floor or crisis lever says what the donor keeps at home once it lends as the variant plans. */
function withKeeps(c: LeverCandidate, variant: Proposal): string {
  if (!c.donor) return c.change;
  const p = variant.posture.find((e) => e.missionId === c.donor?.missionId && e.capability === c.donor.capability);
  if (!p) return c.change;
  const lent = p.proposedOut;
  const keeps = `${c.change}: ${c.donor.missionId} lends ${lent} and keeps ${p.available - lent} of ${p.held} ${c.donor.capability}`;
  if (c.lever !== 'donor-in-crisis') return keeps;
  // What lending costs a mission in crisis: the need of its own it leaves open meanwhile.
  const own = variant.unmet.filter((u) => u.missionId === c.donor?.missionId && u.capability === c.donor.capability);
  const short = own.reduce((n, u) => n + u.shortfall, 0);
  return short > 0 ? `${keeps}, while short ${short} itself (${own.map((u) => u.demandId).join(', ')})` : keeps;
}

/**
 * (v3) The last day a consent lever's grant still gives the gain it was measured with, read from
 * the variant plan's loans between the pair (the grant was measured as made on the planning day):
 * a loan that arrives by its demand's window start would still arrive by then if the bundle were
 * granted on window start - transit days (notice and the other consents already run out before),
 * so that day (never before the planning day) is its last useful one; a loan that arrives after
 * the window opens loses a day of coverage for each day of delay, so only the planning day gives
 * the full gain. The earliest over the pair's loans counts. A consent-validity lever must be on
 * record before the authorization ends: its latestUseful is that validUntil day.
 * Undefined for other levers, and when the variant lends nothing over the pair.
 */
export function latestUseful(world: World, c: LeverCandidate, variant: Proposal): string | undefined {
  if (!c.consent) return undefined;
  const asOf = world.asOf ?? variant.asOf;
  if (c.lever === 'consent-validity') return c.consent.validUntil ? isoDay(c.consent.validUntil) : undefined;
  const pair = c.consent;
  const loans = variant.loans.filter((l) => l.fromMission === pair.fromMission && l.toMission === pair.toMission && l.capability === pair.capability);
  if (loans.length === 0) return undefined;
  const open = new Map(world.openDemands().map((d) => [d.demandId, d]));
  let latest = Date.parse(asOf);
  let first = true;
  for (const l of loans) {
    const start = open.get(l.demandId)?.window.start;
    const day = start !== undefined && Date.parse(l.arriveBy) <= Date.parse(start) ? Math.max(Date.parse(asOf), Date.parse(addDays(start, -l.leadTime.transitDays))) : Date.parse(asOf);
    latest = first ? day : Math.min(latest, day);
    first = false;
  }
  return isoDay(new Date(latest).toISOString());
}

/**
 * (v3) Why measured levers are not listed: each either moved a gap (it helps the demand it was
 * suggested for, and the lender's loss weighs as much or more) or changed nothing. Undefined when
 * every measured lever is listed, or nothing was measured.
 */
export function unlistedNote(measured: readonly MeasuredLever[], listed: number): string | undefined {
  const left = measured.filter((m) => !(m.gain.weightedShortfall > 0));
  if (left.length === 0) return undefined;
  const name = (m: MeasuredLever) => `${m.target} (${m.change.split(':')[0]})`;
  const some = (ms: readonly MeasuredLever[]) => `${ms.slice(0, 3).map(name).join(', ')}${ms.length > 3 ? ` and ${ms.length - 3} more` : ''}`;
  const moved = left.filter((m) => m.helped.length > 0);
  const same = left.filter((m) => m.helped.length === 0);
  const parts: string[] = [];
  if (moved.length > 0) parts.push(`only moved a gap, what one demand wins another loses as much or more: ${some(moved)}`);
  if (same.length > 0) parts.push(`left every shortfall as it is (the plan with the change lends the same): ${some(same)}`);
  const head =
    listed === 0
      ? `no lever listed: ${measured.length} change${measured.length === 1 ? '' : 's'} measured, none lowers the whole world's weighted shortfall`
      : `${left.length} of ${measured.length} changes measured are not listed`;
  return `${head}; ${parts.join('; ')}`;
}

/**
 * One entry per (lever, demand it was suggested for and helps); a lever that only helps other
 * demands is listed under those. Ranked by weighted gain, then the milder change (v3: a floor
 * lowered by one before by two, a smaller bundle before a larger, at equal gain), then cost, then
 * names (a stable order).
 */
function rank(measured: readonly MeasuredLever[]): AdviceLever[] {
  const out: (AdviceLever & { size: number })[] = [];
  for (const m of measured) {
    if (!(m.gain.weightedShortfall > 0)) continue;
    const own = m.demandIds.filter((d) => m.helped.includes(d));
    for (const demandId of own.length > 0 ? own : m.helped) {
      const latest = m.latestUseful !== undefined ? { latestUseful: m.latestUseful } : {};
      out.push({ demandId, lever: m.lever, target: m.target, change: m.change, ...latest, gain: { ...m.gain }, cost: m.cost, size: m.size });
    }
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return out
    .sort(
      (a, b) =>
        b.gain.weightedShortfall - a.gain.weightedShortfall ||
        a.size - b.size ||
        a.cost - b.cost ||
        cmp(a.demandId, b.demandId) ||
        cmp(a.lever, b.lever) ||
        cmp(a.target, b.target) ||
        cmp(a.change, b.change),
    )
    .map(({ size: _size, ...lever }) => lever);
}
