import { createHash } from 'node:crypto';

/**
 * Deterministic loan id: the same units for the same demand give the same id in every re-plan and
 * every replay, so planners can approve a loan seen in an earlier proposal. Unit order does not matter.
 */
export function loanIdFor(demandId: string, unitIds: readonly string[]): string {
  const key = `${demandId}|${[...unitIds].sort().join(',')}`;
  return `loan-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}
