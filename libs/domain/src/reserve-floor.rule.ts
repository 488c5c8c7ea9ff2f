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
 * Units of a capability a mission keeps at home: max(minCount, ceil(minFraction * held)). A
 * mission's own open demand is not part of it (v3): a demand is a need on top of the mission's own
 * units, and lending one away from a mission with such a need is priced as a moved gap instead.
 */
export function reserveFloor(rules: readonly ReserveFloorRule[], missionId: string, capability: Capability, held: number): number {
  const rule = floorRuleFor(rules, missionId, capability);
  // The tolerance keeps 0.5 * 6 from becoming 4 through float noise.
  return rule ? Math.max(rule.minCount, Math.ceil(rule.minFraction * held - 1e-9)) : 0;
}

/**
 * Units a donor can still lend above its floor; never negative. The floor is kept by the units at
 * home that are available or committed (committed ones are at work at home), and only available
 * ones can go: UNMIL holding 44 companies, 40 of them committed at home and 4 available, with a
 * floor of 22, can lend all 4 (v3; before, the floor was taken from the 4 available alone).
 */
export function lendableAboveFloor(available: number, floor: number, committedAtHome = 0): number {
  return Math.max(0, Math.min(available, available + committedAtHome - floor));
}

/** The posture a floor explanation states: `held 44, available 4, committed 40 at home, already proposed 0, floor 22`. */
export function floorWords(p: { held: number; available: number; committed: number; floor: number }, proposed: number, onLoanOut?: number): string {
  const out = onLoanOut !== undefined ? ` (${onLoanOut} on loan out)` : '';
  const committed = p.committed > 0 ? `, committed ${p.committed} at home` : '';
  return `held ${p.held}, available ${p.available}${out}${committed}, already proposed ${proposed}, floor ${p.floor}`;
}
