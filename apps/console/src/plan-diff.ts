import type { Proposal } from './model';

type PlanLoan = Proposal['loans'][number];

/** What a what-if run changed against the current proposal, as a planner reads it side by side. */
export interface PlanDiff {
  added: PlanLoan[];
  removed: PlanLoan[];
  kept: PlanLoan[];
  /** Every demand short in either plan: positive `change` = more short in the what-if. */
  shortfall: { demandId: string; missionId: string; before: number; after: number; change: number }[];
  totalShortfall: { before: number; after: number };
}

/**
 * Loans are matched by loanId, which is deterministic (the same units for the same demand keep
 * their id across re-plans), so "kept" means the very same loan, not a look-alike.
 */
export function diffPlans(current: Pick<Proposal, 'loans' | 'unmet'>, variant: Pick<Proposal, 'loans' | 'unmet'>): PlanDiff {
  const before = new Map(current.loans.map((l) => [l.loanId, l]));
  const after = new Map(variant.loans.map((l) => [l.loanId, l]));
  const short = new Map<string, { demandId: string; missionId: string; before: number; after: number }>();
  for (const u of current.unmet) short.set(u.demandId, { demandId: u.demandId, missionId: u.missionId, before: u.shortfall, after: 0 });
  for (const u of variant.unmet) {
    const held = short.get(u.demandId);
    if (held) held.after = u.shortfall;
    else short.set(u.demandId, { demandId: u.demandId, missionId: u.missionId, before: 0, after: u.shortfall });
  }
  const shortfall = [...short.values()].map((s) => ({ ...s, change: s.after - s.before })).sort((a, b) => a.demandId.localeCompare(b.demandId));
  return {
    added: variant.loans.filter((l) => !before.has(l.loanId)),
    removed: current.loans.filter((l) => !after.has(l.loanId)),
    kept: variant.loans.filter((l) => before.has(l.loanId)),
    shortfall,
    totalShortfall: { before: sum(current.unmet.map((u) => u.shortfall)), after: sum(variant.unmet.map((u) => u.shortfall)) },
  };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
