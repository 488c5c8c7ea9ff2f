import { runCase } from './case-runner';

describe('v2 recalls: a donor in crisis, short of what it lent', () => {
  it('lists the loan under recalls with the home demand it relieves', async () => {
    const { last, world, rejected } = await runCase('v2-recall-donor-in-crisis.jsonl');
    expect(rejected).toEqual([]);
    const [loan] = world.contractLoans();
    expect(loan.status).toBe('recall-recommended');
    // UNMIL needs 6 companies and has 4 at home: short 2, and 2 are at UNOCI.
    expect(last.recalls).toEqual([
      {
        loanId: loan.loanId,
        unitIds: ['UNMIL-inf-PAK-01', 'UNMIL-inf-PAK-02'],
        fromMission: 'UNMIL',
        toMission: 'UNOCI',
        reason: 'donor-in-crisis',
        detail: 'UNMIL is in crisis and short 2 infantry-company; these 2 are at UNOCI',
        relieves: { demandId: 'lbr-2011/infantry-company', units: 2 },
      },
    ]);
  });
});
