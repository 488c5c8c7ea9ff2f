import { cloudEvent, type CloudEvent, type Crisis, type Demand } from '@imc/contracts';
import { addDays } from '../time.util';
import type { CrisisModel } from './crisis-model';
import { poisson, sampleSeed, seededRng, uniformInt, weighted } from './rng';

export interface SampleContext {
  /** The run's seed; sample `index` draws from sampleSeed(seed, index). */
  seed: number;
  index: number;
  /** The world's "now": sampled crises are declared at this time. */
  asOf: string;
  horizonDays: number;
  /** Missions a crisis may hit, sorted (the draw depends on the order). */
  missions: readonly string[];
}

const SOURCE = '/stress-test';

/**
 * The hypothetical crises of one sample, as the events that would declare them now: one
 * `imc.crisis.declared` per crisis, plus an `imc.demand.raised` for each requirement that allows a
 * caution capability (a raised demand with the requirement's id replaces it and can say so).
 * Windows start within the horizon, so a crisis starting later raises its mission's floors by its
 * own needs today, and one starting today puts the mission in crisis (it lends nothing).
 * Ids start with `stress-`, so they cannot meet a real crisis.
 */
export function sampleCrises(model: CrisisModel, ctx: SampleContext): CloudEvent[] {
  const rng = seededRng(sampleSeed(ctx.seed, ctx.index));
  const events: CloudEvent[] = [];
  if (ctx.missions.length === 0 || ctx.horizonDays <= 0) return events;
  const count = poisson(rng, (model.crisesPer90Days * ctx.horizonDays) / 90);
  for (let k = 0; k < count; k++) {
    const missionId = ctx.missions[uniformInt(rng, 0, ctx.missions.length - 1)];
    const kind = weighted(rng, model.kinds);
    const severity = uniformInt(rng, model.severity.min, model.severity.max) as Crisis['severity'];
    const startDay = uniformInt(rng, 0, ctx.horizonDays - 1);
    const length = uniformInt(rng, model.durationDays.min, model.durationDays.max);
    const window = { start: addDays(ctx.asOf, startDay), end: addDays(ctx.asOf, startDay + length) };
    // Every requirement draws its quantity, even one drawn as 0, so the stream does not shift.
    const drawn = kind.requirements.map((r) => ({ spec: r, quantity: uniformInt(rng, r.min, r.max) })).filter((r) => r.quantity > 0);
    if (drawn.length === 0) continue;
    const crisisId = `stress-${ctx.index}-${k}`;
    const crisis: Crisis = {
      crisisId,
      missionId,
      kind: kind.kind,
      scheduled: kind.scheduled,
      severity,
      window,
      requirements: drawn.map((r) => ({ capability: r.spec.capability, quantity: r.quantity, priority: r.spec.priority })),
      version: 1,
    };
    const id = `stress-${ctx.seed}-${ctx.index}-${k}`;
    events.push(cloudEvent({ id, source: SOURCE, type: 'imc.crisis.declared', time: ctx.asOf, subject: missionId, data: crisis }));
    for (const r of drawn) {
      if (!r.spec.allowCaution) continue;
      const demand: Demand = {
        demandId: `${crisisId}/${r.spec.capability}`,
        missionId,
        crisisId,
        capability: r.spec.capability,
        quantity: r.quantity,
        window: { ...window },
        priority: r.spec.priority,
        allowCaution: true,
        version: 1,
      };
      events.push(cloudEvent({ id: `${id}/${r.spec.capability}`, source: SOURCE, type: 'imc.demand.raised', time: ctx.asOf, subject: missionId, data: demand }));
    }
  }
  return events;
}
