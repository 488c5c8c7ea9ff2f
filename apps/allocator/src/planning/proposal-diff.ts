import type { Proposal } from '@imc/contracts';

/** What makes two proposals "the same" for publishing: everything but ids, versions and timing. */
export function proposalContent(p: Proposal): string {
  return JSON.stringify({ loans: p.loans, unmet: p.unmet, posture: p.posture, solver: p.solver.status, objective: Math.round(p.solver.objective * 1e6) / 1e6 });
}

export function sameProposal(a: Proposal, b: Proposal): boolean {
  return proposalContent(a) === proposalContent(b);
}
