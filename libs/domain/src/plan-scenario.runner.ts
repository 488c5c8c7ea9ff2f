import type { CloudEvent, Proposal } from '@imc/contracts';
import { parseEvent } from '@imc/contracts';
import { PlanFn, PlanningSession } from './planning-session';
import { World } from './world.state';


export interface ScenarioOptions {
  plan: PlanFn;
  /** Default `global`. */
  scope?: string;
  /** Start from this world (a what-if starts from a copy of the live one); default empty. */
  world?: World;
}

export interface ScenarioLineIssue {
  /** 1-based line number in the file. */
  line: number;
  reason: string;
}

export interface ScenarioRun {
  /** Every proposal published, in order; each differs from the one before (timing aside). */
  proposals: Proposal[];
  /** Lines refused by parseEvent or by the world (e.g. a decision naming no loan of its proposal). */
  rejected: ScenarioLineIssue[];
  /** Lines applied with parts ignored (e.g. some loans of a decision were not in the proposal). */
  notes: ScenarioLineIssue[];
  /** Events applied, duplicates and stale versions (ignored by the contract, not errors). */
  counts: { applied: number; duplicate: number; stale: number };
  world: World;
}

/** Splits a scenario file into (line number, text) pairs, skipping blank and `#` lines. */
export function scenarioLines(text: string): { line: number; text: string }[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t.trim() }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
}

/**
 * The embedded mode: drives a PlanningSession through a scenario's events in order, planning
 * before time moves on and after the last event. Here "published" is immediate: every changed
 * plan is accepted at once (version numbers continue from the world's newest proposal).
 */
export async function planScenario(text: string, options: ScenarioOptions): Promise<ScenarioRun> {
  const session = new PlanningSession({ plan: options.plan, scope: options.scope, world: options.world });
  const rejected: ScenarioLineIssue[] = [];
  const notes: ScenarioLineIssue[] = [];
  const proposals: Proposal[] = [];
  const counts = { applied: 0, duplicate: 0, stale: 0 };

  const events: { line: number; event: CloudEvent }[] = [];
  for (const l of scenarioLines(text)) {
    const parsed = parseEvent(l.text);
    if (parsed.ok) events.push({ line: l.line, event: parsed.event });
    else rejected.push({ line: l.line, reason: parsed.reason });
  }

  const replan = async () => {
    if (!session.hasUnplannedChanges()) return;
    const { proposal, changed } = await session.plan();
    if (!changed) return;
    proposals.push(proposal);
    session.accept(proposal);
  };

  for (const { line, event } of events) {
    if (session.needsPlanBefore(event)) await replan();
    const result = session.apply(event);
    if (result.status === 'rejected') rejected.push({ line, reason: result.reason });
    else if (result.status === 'applied') {
      counts.applied++;
      for (const note of result.notes) notes.push({ line, reason: note });
    } else counts[result.status]++;
  }
  await replan();
  rejected.sort((a, b) => a.line - b.line);
  return { proposals, rejected, notes, counts, world: session.world };
}
