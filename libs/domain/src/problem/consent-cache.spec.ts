import { consentList, consentTrail, ConsentRecord, indexConsents, loanConsents, validityLimit } from '../consent.rule';
import { group } from './checks/check.fixture';
import { ConsentCache } from './consent-cache';
import type { GroupInfo } from './unit-groups';

const asOf = '2010-12-10T00:00:00.000Z';

function rec(over: Partial<ConsentRecord> & Pick<ConsentRecord, 'consentId' | 'kind' | 'party'>): ConsentRecord {
  return { fromMission: '*', toMission: '*', capabilities: ['*'], status: 'granted', version: 1, ...over };
}

const records: ConsentRecord[] = [
  rec({ consentId: 'tcc-pak', kind: 'contributor', party: 'PAK', status: 'pending', expectedInDays: 20, recordedAt: '2010-12-01T00:00:00Z' }),
  rec({ consentId: 'tcc-bgd', kind: 'contributor', party: 'BGD' }),
  // Bangladesh objects to lending its units from UNOCI, whatever its broader grant.
  rec({ consentId: 'tcc-bgd-unoci', kind: 'contributor', party: 'BGD', fromMission: 'UNOCI', status: 'refused' }),
  rec({ consentId: 'host-civ', kind: 'host-state', party: 'CIV', validUntil: '2011-06-30T00:00:00Z', reference: 'note 12' }),
  rec({ consentId: 'host-lbr', kind: 'host-state', party: 'LBR' }),
  rec({ consentId: 'unsc', kind: 'council', party: 'UNSC', status: 'pending', expectedInDays: 7, recordedAt: '2010-12-08T00:00:00Z' }),
];

const at = (missionId: string, contributor: string, over: Partial<GroupInfo> = {}): GroupInfo => ({ ...group, groupId: `${missionId}/${contributor}`, missionId, contributor, ...over });

describe('ConsentCache', () => {
  const subjects: [GroupInfo, string, string][] = [
    [at('UNMIL', 'PAK'), 'UNOCI', 'CIV'],
    [at('UNMISS', 'PAK'), 'UNOCI', 'CIV'],
    [at('UNMIL', 'PAK', { noticeToMoveDays: 30 }), 'UNOCI', 'CIV'],
    [at('UNMIL', 'PAK'), 'UNMIL', 'LBR'],
    [at('UNMIL', 'BGD'), 'UNOCI', 'CIV'],
    [at('UNOCI', 'BGD'), 'UNMIL', 'LBR'],
    [at('UNMIL', 'BGD', { capability: 'civilian-team' }), 'UNOCI', 'CIV'],
    [at('UNMIL', 'UN'), 'UNOCI', 'CIV'],
    [at('UNMIL', 'NPL'), 'UNOCI', 'CIV'],
    [at('UNMIL', 'ETH'), 'UNOCI', 'CIV'],
  ];

  it('gives every subject what resolving it alone gives', () => {
    const cache = new ConsentCache(indexConsents(records), asOf, 14);
    for (const [g, toMission, hostState] of subjects) {
      const alone = loanConsents(records, { fromMission: g.missionId, toMission, capability: g.capability, contributor: g.contributor, commercial: g.commercial, interMissionClause: g.interMissionClause, hostState }, asOf, 14);
      const got = cache.of(g, toMission, hostState);
      expect([g.groupId, toMission, got.resolved]).toEqual([g.groupId, toMission, alone]);
      expect(got.list).toEqual(consentList(alone));
      expect(got.validity).toEqual(validityLimit(alone));
      expect(got.trail).toEqual(consentTrail(alone, g));
    }
  });

  it('shares one entry among subjects whose consents the same records decide, and only among them', () => {
    const cache = new ConsentCache(indexConsents(records), asOf, 14);
    const [pakUnmil, pakUnmiss, pakSlow, pakToLiberia, bgdUnmil, bgdUnoci, bgdCivilians, unOwned, nepal, ethiopia] = subjects.map(([g, to, host]) => cache.of(g, to, host));
    // Pakistan's grant for all missions, Côte d'Ivoire's and the Council's: from any mission, any group.
    expect(pakUnmiss).toBe(pakUnmil);
    expect(pakSlow).toBe(pakUnmil);
    // Another host state, another contributor, its refusal from UNOCI, no Council for civilians.
    for (const other of [pakToLiberia, bgdUnmil, bgdUnoci, bgdCivilians, unOwned]) expect(other).not.toBe(pakUnmil);
    expect(bgdUnoci).not.toBe(bgdUnmil);
    expect(bgdCivilians).not.toBe(bgdUnmil);
    // No record for either: both missing, and each trail names its own contributor.
    expect(nepal).not.toBe(ethiopia);
    expect(nepal.trail[0]).toMatchObject({ item: 'contributor:NPL' });
    expect(ethiopia.trail[0]).toMatchObject({ item: 'contributor:ETH' });
  });
});
