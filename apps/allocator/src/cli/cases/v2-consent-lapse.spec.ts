import { planScenario } from '@imc/domain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planProposal } from '@imc/optimizer';
import { loansFor, runCase } from './case-runner';

const DEMAND = 'civ-2011/infantry-company';
const FILE = join(__dirname, '..', '..', '..', '..', '..', 'scenarios', 'v2-consent-lapse.jsonl');

/** The scenario up to (not including) the comment line starting with `marker`. */
async function upTo(marker: string) {
  const text = readFileSync(FILE, 'utf8');
  const cut = text.slice(0, text.indexOf(marker));
  return planScenario(cut, { plan: (problem, options) => planProposal(problem, options) });
}

describe('v2 lapse after approval, and the recall that follows', () => {
  it('marks the loan consent-lapsed, stops counting it and lists it under recalls', async () => {
    const run = await upTo('# 20 January');
    const last = run.proposals[run.proposals.length - 1];
    expect(last.asOf).toBe('2011-01-15T00:00:00.000Z');
    expect(run.world.contractLoans().map((l) => [l.unitIds, l.status])).toEqual([[['UNMIL-inf-PAK-01', 'UNMIL-inf-PAK-02'], 'consent-lapsed']]);
    // The demand is planned again, from the NGA companies (the PAK ones are still away).
    expect(loansFor(last, DEMAND).map((l) => [l.contributor, l.quantity])).toEqual([['NGA', 2]]);
    const lapsedId = run.world.contractLoans()[0].loanId;
    expect(last.recalls).toEqual([
      {
        loanId: lapsedId,
        unitIds: ['UNMIL-inf-PAK-01', 'UNMIL-inf-PAK-02'],
        fromMission: 'UNMIL',
        toMission: 'UNOCI',
        reason: 'consent-lapsed',
        detail: 'contributor PAK withdrew consent (pak-unmil) on 2011-01-15; 2 infantry-company at UNOCI no longer count',
      },
    ]);
  });

  it('a recall ends the loan; its units are lendable again after the transit days back', async () => {
    const { last, world, rejected } = await runCase('v2-consent-lapse.jsonl');
    expect(rejected).toEqual([]);
    expect(world.contractLoans().map((l) => l.status)).toEqual(['recalled']);
    expect(last.recalls).toEqual([]);
    // Recalled on 20 January, 2 days of transit: home on the 22nd; the file ends on the 23rd.
    expect(last.posture.find((p) => p.missionId === 'UNMIL' && p.capability === 'infantry-company')).toMatchObject({ held: 8, available: 8, onLoanOut: 0 });
    expect(world.unitsOnLoan().size).toBe(0);
  });

  it('before the units are home they are still away', async () => {
    const text = readFileSync(FILE, 'utf8').split('\n').filter((l) => !l.includes('"imc.clock.ticked"')).join('\n');
    const run = await planScenario(text, { plan: (problem, options) => planProposal(problem, options) });
    expect(run.world.asOf).toBe('2011-01-20T00:00:00.000Z');
    expect([...run.world.unitsOnLoan()].sort()).toEqual(['UNMIL-inf-PAK-01', 'UNMIL-inf-PAK-02']);
  });
});
