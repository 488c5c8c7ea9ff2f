import type { Proposal } from '@imc/contracts';
import type { UnitGroup } from '../planning-problem';

/** Units of the previous proposal mapped onto today's groups, for the change penalty: `${groupId}|${demandId}` -> count. */
export function previousUnits(groups: readonly UnitGroup[], previous: Proposal | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (!previous) return out;
  const groupOfUnit = new Map<string, string>();
  for (const g of groups) for (const id of g.unitIds) groupOfUnit.set(id, g.groupId);
  for (const loan of previous.loans) {
    for (const id of loan.unitIds) {
      const g = groupOfUnit.get(id);
      if (!g) continue;
      const key = `${g}|${loan.demandId}`;
      out[key] = (out[key] ?? 0) + 1;
    }
  }
  return out;
}
