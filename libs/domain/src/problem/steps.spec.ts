import type { Proposal } from '@imc/contracts';
import { indexConsents } from '../consent.rule';
import { DEFAULT_POLICY } from '../policy.defaults';
import type { LoanRecord, OpenDemand } from '../world.state';
import { donorContext, group } from './checks/check.fixture';
import { ConsentCache } from './consent-cache';
import { holdersByCapability, memoByMission } from './donor-index';
import { demandsByMission, lenderNeedOf, remainingNeed } from './need';
import { LazyPairContext } from './pair-context';
import { computePostures } from './posture';
import { previousUnits } from './previous';
import { whereNeeded } from './site';

const demand = donorContext().demand;
const open = (over: Partial<OpenDemand>): OpenDemand => ({ ...demand, ...over });

describe('need: what a demand still needs', () => {
  it('subtracts the units of loans that count, never below zero', () => {
    const loans = [{ demandId: 'd1', unitIds: ['a', 'b'] }, { demandId: 'd1', unitIds: ['c'] }, { demandId: 'd2', unitIds: ['x', 'y', 'z'] }] as LoanRecord[];
    const remaining = remainingNeed(loans);
    expect(remaining(open({ demandId: 'd1', quantity: 5 }))).toBe(2);
    expect(remaining(open({ demandId: 'd2', quantity: 2 }))).toBe(0);
    expect(remaining(open({ demandId: 'd3', quantity: 4 }))).toBe(4);
  });

  it('groups open demands by mission and capability', () => {
    const demands = [open({ demandId: 'a', missionId: 'UNMIL' }), open({ demandId: 'b', missionId: 'UNMIL' }), open({ demandId: 'c', missionId: 'UNOCI', capability: 'utility-helicopter' })];
    expect([...demandsByMission(demands)].map(([k, ds]) => [k, ds.map((d) => d.demandId)])).toEqual([['UNMIL|infantry-company', ['a', 'b']], ['UNOCI|utility-helicopter', ['c']]]);
  });

  it('prices a unit lent away by the share of each own demand window its span overlaps (v3)', () => {
    const own = [
      open({ demandId: 'jan', weight: 12, window: { start: '2011-01-01T00:00:00Z', end: '2011-01-31T00:00:00Z' } }),
      open({ demandId: 'may', weight: 8, window: { start: '2011-05-01T00:00:00Z', end: '2011-06-01T00:00:00Z' } }),
    ];
    // Loan 2011-01-16 .. 2011-03-01: 15 of January's 30 days; May untouched.
    expect(lenderNeedOf(own, '2011-01-16T00:00:00Z', '2011-03-01T00:00:00Z')).toEqual([{ demandId: 'jan', weight: 12, overlap: 0.5 }]);
    // Loan over both: all of each.
    expect(lenderNeedOf(own, '2010-12-01T00:00:00Z', '2011-07-01T00:00:00Z')).toEqual([{ demandId: 'jan', weight: 12, overlap: 1 }, { demandId: 'may', weight: 8, overlap: 1 }]);
    expect(lenderNeedOf(own, '2011-02-01T00:00:00Z', '2011-04-30T00:00:00Z')).toEqual([]);
  });
});

describe('donor index', () => {
  it('lists the holders of each capability in mission order, leaving out those that hold none', () => {
    const unit = (unitId: string, missionId: string, capability: 'infantry-company' | 'utility-helicopter') =>
      ({ unitId, missionId, capability, personnel: 1, aircraft: 0, contributor: 'PAK', commercial: false, interMissionClause: false, noticeToMoveDays: 7, status: 'available', version: 1 }) as const;
    const postures = computePostures([unit('u1', 'UNOCI', 'infantry-company'), unit('u2', 'UNMIL', 'infantry-company'), unit('u3', 'UNMIL', 'utility-helicopter')], new Set(), DEFAULT_POLICY);
    postures.of('MINUSTAH', 'infantry-company'); // asked, holds none
    expect([...holdersByCapability(postures)]).toEqual([['infantry-company', ['UNMIL', 'UNOCI']], ['utility-helicopter', ['UNMIL']]]);
  });

  it('asks once per mission', () => {
    const asked: string[] = [];
    const inCrisis = memoByMission((m) => (asked.push(m), m === 'UNMIL'));
    expect([inCrisis('UNMIL'), inCrisis('UNMIL'), inCrisis('UNOCI'), inCrisis('UNOCI')]).toEqual([true, true, false, false]);
    expect(asked).toEqual(['UNMIL', 'UNOCI']);
  });
});

describe('site: where help is needed', () => {
  const goma = { name: 'Goma', lat: -1.68, lon: 29.22 };
  const kivu = { name: 'Bukavu', lat: -2.5, lon: 28.86 };
  const hq = { lat: -4.32, lon: 15.31 };
  it('is the demand site, else the crisis site, else the hq', () => {
    expect(whereNeeded(goma, kivu, hq)).toBe(goma);
    expect(whereNeeded(undefined, kivu, hq)).toBe(kivu);
    expect(whereNeeded(undefined, undefined, hq)).toBe(hq);
    expect(whereNeeded(undefined, undefined)).toBeUndefined();
  });
});

describe('consent cache', () => {
  const consent = (consentId: string, kind: 'contributor' | 'host-state' | 'council', party: string) => ({
    consentId, kind, party, fromMission: '*', toMission: '*', capabilities: ['*'] as ['*'], status: 'granted' as const, version: 1, recordedAt: '2010-12-01T00:00:00.000Z',
  });
  const cache = () => new ConsentCache(indexConsents([consent('c1', 'contributor', 'PAK'), consent('c2', 'host-state', 'CIV')]), '2010-12-01T00:00:00.000Z', 14);

  it('resolves one subject once, whichever of its groups asks', () => {
    const c = cache();
    const a = c.of(group, 'UNOCI', 'CIV');
    const b = c.of({ ...group, groupId: 'other-notice', noticeToMoveDays: 30 }, 'UNOCI', 'CIV');
    expect(b).toBe(a);
    expect(a.list.map((r) => [r.kind, r.state])).toEqual([['contributor', 'granted'], ['host-state', 'granted'], ['council', 'missing']]);
  });

  it('resolves another recipient or contributor apart', () => {
    const c = cache();
    expect(c.of(group, 'UNMISS', 'SSD')).not.toBe(c.of(group, 'UNOCI', 'CIV'));
    expect(c.of({ ...group, contributor: 'BGD' }, 'UNOCI', 'CIV').list[0].state).toBe('missing');
  });
});

describe('pair context', () => {
  it('looks the consents up only when a check asks, and once', () => {
    let lookups = 0;
    const subject = { resolved: { contributor: undefined }, list: [], validity: undefined, trail: [] } as never;
    const ctx = new LazyPairContext(donorContext(), group, 760, DEFAULT_POLICY.capabilities['infantry-company'], () => (lookups++, subject), undefined, { limit: 1, uniformed: 1 }, { personnel: 1, aircraft: 1 });
    expect(lookups).toBe(0);
    expect(ctx.distanceKm).toBe(760);
    void ctx.consents;
    void ctx.consents;
    ctx.timing();
    expect(lookups).toBe(1);
  });
});

describe('previous proposal on today\'s groups', () => {
  it('counts units per group and demand, dropping units no longer in any group', () => {
    const groups = [{ ...group, unitIds: ['UNMIL-inf-01', 'UNMIL-inf-02'] }];
    const previous = { loans: [{ demandId: 'd1', unitIds: ['UNMIL-inf-01', 'UNMIL-inf-02', 'gone'] }, { demandId: 'd2', unitIds: ['UNMIL-inf-02'] }] } as unknown as Proposal;
    expect(previousUnits(groups, previous)).toEqual({ [`${group.groupId}|d1`]: 2, [`${group.groupId}|d2`]: 1 });
    expect(previousUnits(groups, undefined)).toEqual({});
  });
});
