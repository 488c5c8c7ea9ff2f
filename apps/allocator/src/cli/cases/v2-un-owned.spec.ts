import { loansFor, runCase } from './case-runner';

describe('v2 UN-owned assets: no contributor consent, no Council; the host state still', () => {
  it('lends UN-owned equipment with only the host state consent on record', async () => {
    const { last, rejected } = await runCase('v2-un-owned.jsonl');
    expect(rejected).toEqual([]);
    const loans = loansFor(last, 'abyei-roads-2012/heavy-engineering-equipment');
    expect(loans.map((l) => [l.fromMission, l.contributor, l.quantity, l.pending, l.criticalPath])).toEqual([['UNAMID', 'UN', 2, [], 'notice']]);
    expect(loans[0].consents).toEqual([
      { item: 'contributor:UN', status: 'not-needed', days: 0 },
      { item: 'host-state:SDN', status: 'granted', days: 0 },
      { item: 'council:UNSC', status: 'not-needed', days: 0 },
    ]);
    expect(last.unmet).toEqual([]);
  });
});
