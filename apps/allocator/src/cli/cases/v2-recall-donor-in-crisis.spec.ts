import { runCase } from './case-runner';

describe('v2 recalls: a donor in crisis, short of what it lent', () => {
  it('lists the loan under recalls with the home demand it relieves', async () => {
    const { last, world, rejected } = await runCase('v2-recall-donor-in-crisis.jsonl');
    expect(rejected).toEqual([]);
    const [loan] = world.contractLoans();
    expect(loan.status).toBe('recall-recommended');
    // v3: a demand is what a mission needs on top of its own units. UNMIL's crisis asks for 6
    // companies more (priority 10 x severity 5 = weight 50); no other mission holds any, so it is
    // short 6 (v2 took its 4 at home off the need: short 2). The 2 at UNOCI, serving
    // civ-2011 (priority 8 x severity 4 = weight 32), would relieve 2 of the 6.
    expect(last.recalls).toEqual([
      {
        loanId: loan.loanId,
        unitIds: ['UNMIL-inf-PAK-01', 'UNMIL-inf-PAK-02'],
        fromMission: 'UNMIL',
        toMission: 'UNOCI',
        reason: 'donor-in-crisis',
        detail: 'UNMIL is in crisis and short 6 infantry-company (lbr-2011/infantry-company, weight 50); these 2 are at UNOCI (civ-2011/infantry-company, weight 32)',
        relieves: { demandId: 'lbr-2011/infantry-company', units: 2 },
      },
    ]);
    // Its shortfall says where its own companies are, beside "no other mission holds them".
    const unmil = last.unmet.find((u) => u.demandId === 'lbr-2011/infantry-company');
    expect(unmil?.shortfall).toBe(6);
    expect(unmil?.reasons).toEqual([
      { missionId: '*', reason: 'no-units', detail: 'no mission other than UNMIL holds infantry-company' },
      { missionId: 'UNMIL', reason: 'used-elsewhere', detail: `2 of UNMIL's own infantry-company are at UNOCI on loan ${loan.loanId} (recall-recommended)` },
    ]);
  });
});
