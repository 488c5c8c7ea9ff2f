import type { Proposal } from '../payloads';
import { isProposal } from './parse-own-output';

/** A reading of bytes that crossed a boundary: what they hold, or why they were not read. */
export type WireVerdict<T> = ({ ok: true } & T) | { ok: false; reason: string };

function json(text: string): WireVerdict<{ value: unknown }> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
}

/**
 * A proposal as JSON text, as the planning worker hands it back (a string crosses the thread
 * boundary cheaper than the object graph). Only the shape is checked: the allocator wrote it.
 */
export function parseProposalJson(text: string): WireVerdict<{ proposal: Proposal }> {
  const read = json(text);
  if (!read.ok) return read;
  return isProposal(read.value) ? { ok: true, proposal: read.value } : { ok: false, reason: 'not a Proposal' };
}

/**
 * The user data an allocator puts in its group-member metadata (the lease and the input groups):
 * a JSON object whose `claim` is a producer claim, `'pending'` or null; an allocator of an earlier
 * release says `leadingSince` instead. Empty user data reads as an empty object (a member that
 * says nothing); anything else that is not a JSON object is refused with a reason.
 */
export function parseMemberUserData(userData: Buffer | null | undefined): WireVerdict<{ claim?: unknown; leadingSince?: unknown }> {
  if (!userData || userData.length === 0) return { ok: true };
  const read = json(userData.toString('utf8'));
  if (!read.ok) return read;
  if (read.value === null || typeof read.value !== 'object' || Array.isArray(read.value)) return { ok: false, reason: 'not a JSON object' };
  const { claim, leadingSince } = read.value as { claim?: unknown; leadingSince?: unknown };
  return { ok: true, claim, leadingSince };
}
