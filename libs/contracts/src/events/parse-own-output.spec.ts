import { TOPICS } from '../topics';
import { parseOwnOutput } from './parse-own-output';

const proposal = { proposalId: 'global:1', scope: 'global', version: 1, loans: [], unmet: [], posture: [] };
const loan = { loanId: 'loan-1', version: 2, status: 'active', unitIds: ['u1'] };
const record = (type: string, data: unknown, id: unknown = 'evt-1') => Buffer.from(JSON.stringify({ specversion: '1.0', id, source: '/imc/allocator', type, time: '2010-12-01T00:00:00Z', data }));

describe('parseOwnOutput: the one reader of the allocator outputs', () => {
  it('reads a proposal and a loan as the allocator writes them', () => {
    expect(parseOwnOutput(TOPICS.proposals, record('imc.allocation.proposed', proposal))).toEqual({ ok: true, kind: 'proposal', id: 'evt-1', proposal });
    expect(parseOwnOutput(TOPICS.loans, record('imc.loan.updated', loan))).toEqual({ ok: true, kind: 'loan', id: 'evt-1', loan });
  });

  it('skips, with a reason and never a throw, whatever is not one', () => {
    const cases: [string, Buffer | string | null, string][] = [
      [TOPICS.proposals, null, 'empty record'],
      [TOPICS.proposals, Buffer.from([0xff, 0x00, 0xfe]), 'not JSON'],
      [TOPICS.proposals, 'null', 'not a CloudEvent'],
      [TOPICS.proposals, '[1,2]', 'not a CloudEvent'],
      [TOPICS.proposals, record('imc.allocation.proposed', proposal, 7), 'not a CloudEvent'],
      [TOPICS.proposals, record('imc.loan.updated', loan), 'type imc.loan.updated on imc.proposals'],
      [TOPICS.proposals, record('imc.allocation.proposed', undefined), 'data is not a Proposal'],
      [TOPICS.loans, record('imc.loan.updated', { ...loan, unitIds: 'u1' }), 'data is not a Loan'],
      [TOPICS.decisions, record('imc.loan.updated', loan), 'imc.decisions is not an output topic'],
    ];
    for (const [topic, value, reason] of cases) expect({ value: String(value).slice(0, 40), out: parseOwnOutput(topic, value) }).toEqual({ value: String(value).slice(0, 40), out: { ok: false, reason } });
  });
});
