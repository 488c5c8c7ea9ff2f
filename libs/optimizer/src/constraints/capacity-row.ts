import type { CapacityRow } from '@imc/domain/planning-problem';
import type { ModelConstraint, Term } from '../linear-model';
import { effectiveLimit } from '../problem-index';
import type { ModelVariables } from '../variables';

/**
 * Shared by reserve floors and share-on-loan: sum over the row's groups of coefficient * y <= limit.
 * A row that touches no variable is dropped (it holds trivially once the limit is clamped at 0).
 */
export function groupCapacityRow(row: CapacityRow, vars: ModelVariables): ModelConstraint | undefined {
  const terms: Term[] = [];
  for (const groupId of Object.keys(row.coefficients).sort()) {
    const coefficient = row.coefficients[groupId];
    if (coefficient === 0) continue;
    for (const position of vars.index.pairsByGroup.get(groupId) ?? []) {
      terms.push({ variable: vars.y[position], coefficient });
    }
  }
  if (terms.length === 0) return undefined;
  return { name: row.rowId, terms, lower: -Infinity, upper: effectiveLimit(row.limit) };
}
