import { DEFAULT_POLICY } from '@imc/domain';
import { loansFor, runCase, unmetFor } from './case-runner';

const W = DEFAULT_POLICY.weights.shortfall;
const UNOCI = 'civ-2011/infantry-company';

describe('v3 one notion of need: a loan away from a mission with its own open demand moves the gap, priced', () => {
  it('keeps the companies home when the lender needs them more (weight 9 against 8)', async () => {
    const { last, rejected } = await runCase('v3-moved-gap-lender-heavier.jsonl');
    expect(rejected).toEqual([]);
    expect(last.loans).toEqual([]);
    // A loan would be away 2010-12-10 to 2011-05-14, all of UNMIL's February window: one company
    // moved costs W x 9 x 1 at home and wins W x 8 at UNOCI (coverage 1), so none moves.
    expect(unmetFor(last, UNOCI)).toEqual({
      demandId: UNOCI,
      missionId: 'UNOCI',
      capability: 'infantry-company',
      shortfall: 2,
      reasons: [
        { missionId: 'UNMIL', reason: 'used-elsewhere', detail: "needed at home: a loan would leave UNMIL's own unmil-feb-2011 (weight 9, 100% of its window) short, which weighs more than this demand (weight 8)" },
      ],
    });
    expect(unmetFor(last, 'unmil-feb-2011')?.shortfall).toBe(1);
    // Objective: 2 short at weight 8 plus 1 short at weight 9, nothing lent.
    expect(last.solver.objective).toBe(W * (2 * 8 + 1 * 9));
  });

  it('lends when the borrower needs them more (weight 8 against 3), and shows the gap at the lender', async () => {
    const { last } = await runCase('v3-moved-gap-lender-lighter.jsonl');
    const [loan] = loansFor(last, UNOCI);
    expect(loan).toMatchObject({ fromMission: 'UNMIL', toMission: 'UNOCI', quantity: 2, arriveBy: '2010-12-10T00:00:00.000Z', returnBy: '2011-05-14T00:00:00.000Z', coverage: 1 });
    // UNMIL's own need: 1 short (no other mission holds companies) + the 2 lent away in February.
    expect(unmetFor(last, 'unmil-feb-2011')).toEqual({
      demandId: 'unmil-feb-2011',
      missionId: 'UNMIL',
      capability: 'infantry-company',
      shortfall: 3,
      reasons: [
        { missionId: '*', reason: 'no-units', detail: 'no mission other than UNMIL holds infantry-company' },
        { missionId: 'UNMIL', reason: 'used-elsewhere', detail: "2 of UNMIL's own infantry-company proposed to UNOCI (civ-2011/infantry-company, weight 8) during this window (weight 3): the gap moves here" },
      ],
    });
    expect(unmetFor(last, UNOCI)).toBeUndefined();
    // Objective: W x 3 x (1 short + 2 moved for all of the window) + the cost term of the loan.
    const costTerm = DEFAULT_POLICY.weights.cost * loan.cost.total;
    expect(last.solver.objective).toBeCloseTo(W * 3 * 3 + costTerm, 4);
  });

  it('lets committed units at home keep the floor: UNMIL lends its 4 available of 44', async () => {
    const { last } = await runCase('v3-committed-floor.jsonl');
    // 44 held, floor ceil(0.5 x 44) = 22, kept by the 40 committed and 4 available at home (44 - 22
    // = 22 above it); only the 4 available can go. v2 read "available 4, floor 22": none.
    expect(loansFor(last, UNOCI).reduce((n, l) => n + l.quantity, 0)).toBe(4);
    expect(last.unmet).toEqual([]);
    expect(last.posture.find((p) => p.missionId === 'UNMIL' && p.capability === 'infantry-company')).toEqual({ missionId: 'UNMIL', capability: 'infantry-company', held: 44, available: 4, onLoanOut: 0, floor: 22, proposedOut: 4 });
  });

  it('keeps a donor home when its election, declared ten days ahead, falls in the loan', async () => {
    const { last } = await runCase('v3-election-ahead.jsonl');
    expect(last.loans).toEqual([]);
    expect(unmetFor(last, UNOCI)?.reasons).toEqual([
      {
        missionId: 'UNMIL',
        reason: 'donor-in-crisis',
        detail: 'UNMIL is in crisis from 2010-12-11 (lbr-election-2010, election), during the loan (2010-12-10 to 2011-04-14), and keeps its infantry-company units',
      },
    ]);
  });
});
