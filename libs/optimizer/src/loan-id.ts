import { createHash } from 'node:crypto';

/**
 * Stable loan id from (demandId, unitIds): the same units to the same demand give the same id
 * in every re-plan. Local stand-in until @imc/domain exports `loanIdFor(demandId, unitIds)`;
 * then this file should delegate to it so the allocator and the optimizer agree.
 */
export function localLoanId(demandId: string, unitIds: readonly string[]): string {
  const digest = createHash('sha256')
    .update(`${demandId}\n${[...unitIds].sort().join('\n')}`)
    .digest('hex');
  return `loan-${digest.slice(0, 16)}`;
}
