import type { Capability, ReserveFloorRule } from '@imc/contracts';

/**
 * The rule that applies to a mission and capability: an exact mission counts more than an exact
 * capability (a mission-wide rule is the mission's own decision about itself), and a later rule in
 * the list wins a tie. Undefined when no rule matches.
 */
export function floorRuleFor(rules: readonly ReserveFloorRule[], missionId: string, capability: Capability): ReserveFloorRule | undefined {
  let best: ReserveFloorRule | undefined;
  let bestScore = -1;
  for (const r of rules) {
    if (r.missionId !== missionId && r.missionId !== '*') continue;
    if (r.capability !== capability && r.capability !== '*') continue;
    const score = (r.missionId === missionId ? 2 : 0) + (r.capability === capability ? 1 : 0);
    if (score >= bestScore) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Units of a capability a mission keeps: max(minCount, ceil(minFraction * held)) plus its own
 * open demand for that capability (a mission short of something lends none of it).
 */
export function reserveFloor(rules: readonly ReserveFloorRule[], missionId: string, capability: Capability, held: number, ownOpenDemand: number): number {
  const rule = floorRuleFor(rules, missionId, capability);
  // The tolerance keeps 0.5 * 6 from becoming 4 through float noise.
  const base = rule ? Math.max(rule.minCount, Math.ceil(rule.minFraction * held - 1e-9)) : 0;
  return base + ownOpenDemand;
}

/** Units a donor can still lend above its floor; never negative. */
export function lendableAboveFloor(available: number, floor: number): number {
  return Math.max(0, available - floor);
}
