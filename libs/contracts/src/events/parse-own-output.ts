import type { Loan, Proposal } from '../payloads';
import { TOPICS } from '../topics';

/** What a record of the allocator's own outputs holds, or why it was skipped. */
export type OwnOutput = { ok: true; kind: 'proposal'; id: string; proposal: Proposal } | { ok: true; kind: 'loan'; id: string; loan: Loan } | { ok: false; reason: string };

/**
 * The one reader of the allocator's own outputs (`imc.proposals`, `imc.loans`), beside parseRecord
 * for the inputs: the allocator's start-up read and its standby, and the planner-api's read model,
 * all read them here. They are trusted as the allocator wrote them, so only their envelope and
 * shape are checked, not every field; anything else (not JSON, another type, no data, a tombstone)
 * is skipped with a reason, never thrown.
 */
export function parseOwnOutput(topic: string, value: Buffer | string | null | undefined): OwnOutput {
  if (value === null || value === undefined || value.length === 0) return { ok: false, reason: 'empty record' };
  let envelope: { id?: unknown; type?: unknown; data?: unknown } | null;
  try {
    envelope = JSON.parse(typeof value === 'string' ? value : value.toString('utf8')) as typeof envelope;
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!envelope || typeof envelope !== 'object' || typeof envelope.id !== 'string') return { ok: false, reason: 'not a CloudEvent' };
  if (topic === TOPICS.proposals) {
    if (envelope.type !== 'imc.allocation.proposed') return { ok: false, reason: `type ${String(envelope.type)} on ${topic}` };
    return isProposal(envelope.data) ? { ok: true, kind: 'proposal', id: envelope.id, proposal: envelope.data } : { ok: false, reason: 'data is not a Proposal' };
  }
  if (topic === TOPICS.loans) {
    if (envelope.type !== 'imc.loan.updated') return { ok: false, reason: `type ${String(envelope.type)} on ${topic}` };
    return isLoan(envelope.data) ? { ok: true, kind: 'loan', id: envelope.id, loan: envelope.data } : { ok: false, reason: 'data is not a Loan' };
  }
  return { ok: false, reason: `${topic} is not an output topic` };
}

/** The shape of a Proposal as the allocator writes it (the fields its readers rely on). */
export function isProposal(data: unknown): data is Proposal {
  const p = data as Partial<Proposal> | undefined;
  return !!p && typeof p === 'object' && typeof p.proposalId === 'string' && typeof p.scope === 'string' && typeof p.version === 'number' && Array.isArray(p.loans) && Array.isArray(p.unmet) && Array.isArray(p.posture);
}

function isLoan(data: unknown): data is Loan {
  const l = data as Partial<Loan> | undefined;
  return !!l && typeof l === 'object' && typeof l.loanId === 'string' && typeof l.version === 'number' && typeof l.status === 'string' && Array.isArray(l.unitIds);
}
