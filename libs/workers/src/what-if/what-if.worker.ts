import { parseEvent } from '@imc/contracts';
import { planScenario, World } from '@imc/domain';
import { planProposal } from '@imc/optimizer';
import { serveWorkerTasks } from '@imc/platform/workers/worker-pool';
import type { WhatIfOutput, WhatIfTask } from './what-if-pool';

/**
 * Worker entry of the what-if pool: the caller's events checked as the allocator checks its input,
 * then the same engine as the allocator and the command line, on a
 * copy of the world plus the caller's events, re-planning as time advances as a replay would.
 * Only the last proposal goes back: the others would cost a copy each for nothing.
 */
export default serveWorkerTasks<WhatIfTask, WhatIfOutput>(async (task) => {
  // Validating a thousand events takes a third of a second: here too, not on the event loop.
  const errors = task.events.flatMap((event, index) => {
    const parsed = parseEvent(event);
    return parsed.ok ? [] : [{ index, reason: parsed.reason }];
  });
  if (errors.length > 0) return { kind: 'invalid', errors };
  const run = await planScenario(task.events.map((e) => JSON.stringify(e)).join('\n'), {
    scope: task.scope,
    world: World.fromSnapshot(task.world),
    plan: (problem, options) => planProposal(problem, { ...options, engine: task.engine }),
  });
  return { kind: 'planned', proposal: run.proposals[run.proposals.length - 1] ?? null, proposals: run.proposals.length, rejected: run.rejected, notes: run.notes, currency: run.world.policy.currency ?? 'USD' };
});
