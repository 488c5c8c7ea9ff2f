import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planScenario } from '@imc/domain';
import { planProposal } from '@imc/optimizer';
import { runCase } from './case-runner';

/**
 * scenarios/v3-renewal.jsonl: two UKR utility helicopters, UNMIL to UNOCI (760 km), for crisis
 * civ-2010-air (15 December 2010 to 15 April 2011, 121 days). Notice 5 d + transit 2 d (760 km at
 * 600 km a day, rounded up): they arrive 8 December. The Council's authorization (S/RES/1951
 * (2010), our own dates) runs to 15 January. Natural end: window end + 14 d demobilization =
 * 29 April (8 December + 180 d = 6 June comes later).
 */
const FILE = join(__dirname, '..', '..', '..', '..', '..', 'scenarios', 'v3-renewal.jsonl');
const LOAN = 'loan-a5503d4afbca';

async function upTo(marker: string) {
  const text = readFileSync(FILE, 'utf8');
  return planScenario(text.slice(0, text.indexOf(marker)), { plan: (problem, options) => planProposal(problem, options) });
}

describe('v3 the loan\'s life: a short authorization, renewalsDue, its renewal, an extension', () => {
  it('proposes the loan capped by the four-week authorization, and approves it capped', async () => {
    const run = await upTo('# 24 December');
    const [first] = run.proposals;
    // 15 December to 15 January = 31 d of the 121-d window: 31/121 = 0.2562 >= minCoverage 0.25.
    expect(first.loans.map((l) => [l.loanId, l.arriveBy, l.returnBy, l.coverage, l.renewal])).toEqual([[LOAN, '2010-12-08T00:00:00.000Z', '2011-01-15T00:00:00.000Z', 0.2562, ['council:UNSC']]]);
    expect(run.world.loan(LOAN)).toMatchObject({ returnBy: '2011-01-15T00:00:00.000Z', cappedBy: ['council:UNSC'], windowEnd: '2011-04-15T00:00:00.000Z' });
    expect(run.proposals.every((p) => p.renewalsDue.length === 0)).toBe(true);
  });

  it('lists the authorization under renewalsDue from 21 days before it ends the loan', async () => {
    const run = await upTo('# 12 January');
    // 15 January - 21 d = 25 December: the 24 December tick changes nothing (no new proposal);
    // on the 26th, 20 days are left.
    const last = run.proposals[run.proposals.length - 1];
    expect(last.asOf).toBe('2010-12-26T00:00:00.000Z');
    expect(last.renewalsDue).toEqual([
      {
        loanId: LOAN,
        item: 'council:UNSC',
        validUntil: '2011-01-15T00:00:00.000Z',
        returnBy: '2011-01-15T00:00:00.000Z',
        detail: 'council:UNSC (S/RES/1951 (2010)) valid until 2011-01-15 ends 2 utility-helicopter UNMIL->UNOCI before its natural end 2011-04-29 (window end 2011-04-15 + 14 d demobilization): renew within 20 d',
      },
    ]);
    expect(run.proposals.map((p) => p.asOf)).not.toContain('2010-12-24T00:00:00.000Z');
  });

  it('moves the loan with the renewal, to its natural end, and publishes the new date', async () => {
    const before = await upTo('# 12 January');
    const run = await upTo('# 1 February');
    // Renewed to 30 April; the natural end, 29 April, comes first, so no consent caps it now.
    const loan = run.world.loan(LOAN);
    expect(loan).toMatchObject({ returnBy: '2011-04-29T00:00:00.000Z', status: 'active' });
    expect(loan).not.toHaveProperty('cappedBy');
    expect(loan?.version).toBe((before.world.loan(LOAN)?.version ?? 0) + 1);
    expect(run.world.contractLoans().map((l) => l.returnBy)).toEqual(['2011-04-29T00:00:00.000Z']);
    // 30 April is after the natural end: nothing to renew.
    expect(run.proposals[run.proposals.length - 1].renewalsDue).toEqual([]);
  });

  it('refuses an extension past the authorization naming it, applies one up to it, and lists it again in April', async () => {
    const { last, world, rejected } = await runCase('v3-renewal.jsonl');
    // The window now ends 15 May: natural end 29 May; the authorization still ends 30 April.
    expect(rejected).toEqual([
      { line: 32, reason: "loan loan-a5503d4afbca cannot return by 2011-05-29: the Security Council's authorization (council:UNSC, S/RES/1951 (2010)) is valid until 2011-04-30; renew it to extend past that date" },
    ]);
    expect(world.loan(LOAN)).toMatchObject({ returnBy: '2011-04-30T00:00:00.000Z', cappedBy: ['council:UNSC'], extendedAt: '2011-02-03T00:00:00.000Z', status: 'active' });
    // 30 April - 21 d = 9 April: listed on the 10th with 20 days left, before the natural end 29 May.
    expect(last.asOf).toBe('2011-04-10T00:00:00.000Z');
    expect(last.renewalsDue).toEqual([
      {
        loanId: LOAN,
        item: 'council:UNSC',
        validUntil: '2011-04-30T00:00:00.000Z',
        returnBy: '2011-04-30T00:00:00.000Z',
        detail: 'council:UNSC (S/RES/1951 (2010)) valid until 2011-04-30 ends 2 utility-helicopter UNMIL->UNOCI before its natural end 2011-05-29 (window end 2011-05-15 + 14 d demobilization): renew within 20 d',
      },
    ]);
    expect(last.recalls).toEqual([]);
    expect(last.loans).toEqual([]);
  });
});
