import { join } from 'node:path';
import type { Proposal, ProposedLoan, UnmetDemand } from '@imc/contracts';
import type { ScenarioRun } from '@imc/domain';
import { planFile } from '../plan-file';

const SCENARIOS = join(__dirname, '..', '..', '..', '..', '..', 'scenarios');

/** Replays one file of scenarios/ through the embedded runner and the real optimizer. */
export async function runCase(file: string): Promise<ScenarioRun & { last: Proposal }> {
  const run = await planFile(join(SCENARIOS, file));
  const last = run.proposals[run.proposals.length - 1];
  if (!last) throw new Error(`${file} published no proposal`);
  return { ...run, last };
}

export function loansFor(p: Proposal, demandId: string): ProposedLoan[] {
  return p.loans.filter((l) => l.demandId === demandId);
}

export function unitsFor(p: Proposal, demandId: string): number {
  return loansFor(p, demandId).reduce((n, l) => n + l.quantity, 0);
}

export function unmetFor(p: Proposal, demandId: string): UnmetDemand | undefined {
  return p.unmet.find((u) => u.demandId === demandId);
}
