import type { ProposedLoan } from '@imc/contracts';
import type { PlanningProblem } from '@imc/domain/planning-problem';
import { loanIdFor } from '@imc/domain/loan-id';
import { indexProblem } from './problem-index';

export type LoanIdFn = (demandId: string, unitIds: string[]) => string;

/**
 * Turns units per pair into loans of named units. Pairs are visited in problem order and each
 * takes the first units of its group that no earlier pair took, so the same plan always names
 * the same units (and therefore keeps the same loan ids).
 */
export function decodeLoans(problem: PlanningProblem, y: readonly number[], loanId: LoanIdFn = loanIdFor): ProposedLoan[] {
  const index = indexProblem(problem);
  const taken = new Map<string, number>();
  const loans: ProposedLoan[] = [];
  problem.pairs.forEach((pair, at) => {
    const quantity = y[at];
    if (!(quantity > 0)) return;
    const group = index.groups.get(pair.groupId);
    if (!group) throw new Error(`pair refers to unknown group ${pair.groupId}`);
    const first = taken.get(group.groupId) ?? 0;
    const unitIds = group.unitIds.slice(first, first + quantity);
    if (unitIds.length < quantity) throw new Error(`group ${group.groupId} has fewer units than planned`);
    taken.set(group.groupId, first + quantity);

    const { cost, ...template } = pair.loanTemplate;
    loans.push({
      ...template,
      loanId: loanId(pair.demandId, unitIds),
      quantity,
      unitIds,
      cost: {
        transfer: cost.transferPerUnit * quantity,
        sustainmentPerDay: cost.sustainmentPerDayPerUnit * quantity,
        total: cost.totalPerUnit * quantity,
      },
    });
  });
  return loans.sort((a, b) => compare(a.demandId, b.demandId) || compare(a.fromMission, b.fromMission) || compare(a.loanId, b.loanId));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
