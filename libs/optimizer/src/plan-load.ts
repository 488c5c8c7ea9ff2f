import type { CapacityRow, PlanningProblem, ReceivingRow } from '@imc/domain/planning-problem';

/** What a plan (units per pair, aligned with problem.pairs) asks of the problem's rows. */
export interface PlanLoad {
  /** Units lent per group. */
  byGroup: Map<string, number>;
  /** Personnel and aircraft received per demand. */
  byDemand: Map<string, { personnel: number; aircraft: number }>;
}

/**
 * One pass over the pairs, shared by the checks that read a plan against the rows (lazy rows:
 * which left-out row it breaks; explanations: which row is tight), so that both count alike.
 */
export function planLoad(problem: PlanningProblem, y: readonly number[], weightOf: (groupId: string) => { personnel: number; aircraft: number } | undefined): PlanLoad {
  const byGroup = new Map<string, number>();
  const byDemand = new Map<string, { personnel: number; aircraft: number }>();
  problem.pairs.forEach((pair, at) => {
    const units = y[at];
    if (!(units > 0)) return;
    byGroup.set(pair.groupId, (byGroup.get(pair.groupId) ?? 0) + units);
    const weight = weightOf(pair.groupId);
    const load = byDemand.get(pair.demandId) ?? { personnel: 0, aircraft: 0 };
    load.personnel += (weight?.personnel ?? 0) * units;
    load.aircraft += (weight?.aircraft ?? 0) * units;
    byDemand.set(pair.demandId, load);
  });
  return { byGroup, byDemand };
}

/** The left-hand side of a floor or share row under the plan. */
export function capacityRowUse(row: CapacityRow, load: PlanLoad): number {
  let used = 0;
  for (const [groupId, coefficient] of Object.entries(row.coefficients)) used += coefficient * (load.byGroup.get(groupId) ?? 0);
  return used;
}

/** The left-hand side of a receiving row under the plan. */
export function receivingRowUse(row: ReceivingRow, load: PlanLoad): number {
  let used = 0;
  for (const demandId of row.demandIds) used += load.byDemand.get(demandId)?.[row.resource] ?? 0;
  return used;
}
