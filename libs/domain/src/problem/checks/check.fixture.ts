import type { Mission } from '@imc/contracts';
import type { ConsentResolution, LoanConsents } from '../../consent.rule';
import { leadTime } from '../../lead-time.rule';
import { DEFAULT_POLICY } from '../../policy.defaults';
import type { DonorContext, PairContext } from '../eligibility';
import type { GroupInfo } from '../unit-groups';

/** Contexts for one check at a time: a lendable UNMIL infantry group for a UNOCI demand, everything passing. */
const mission = (missionId: string, hostState: string): Mission => ({
  missionId,
  name: missionId,
  hostState,
  region: 'west-africa',
  hq: { lat: 0, lon: 0 },
  status: 'normal',
  receivingCapacity: { personnel: 1000, aircraft: 10 },
  version: 1,
});

export const group: GroupInfo = {
  groupId: 'UNMIL/infantry-company/PAK/n7/p150/a0/available',
  missionId: 'UNMIL',
  capability: 'infantry-company',
  contributor: 'PAK',
  noticeToMoveDays: 7,
  personnel: 150,
  aircraft: 0,
  unitIds: ['UNMIL-inf-01', 'UNMIL-inf-02'],
  commercial: false,
  interMissionClause: false,
};

export const granted = (kind: ConsentResolution['kind'], party: string): ConsentResolution => ({ kind, party, state: 'granted', delayDays: 0 });

export function donorContext(over: Partial<DonorContext> = {}): DonorContext {
  return {
    policy: DEFAULT_POLICY,
    asOf: '2010-12-01T00:00:00.000Z',
    demand: {
      demandId: 'c1/infantry-company',
      missionId: 'UNOCI',
      crisisId: 'c1',
      capability: 'infantry-company',
      quantity: 2,
      window: { start: '2011-01-01T00:00:00Z', end: '2011-03-01T00:00:00Z' },
      priority: 5,
      weight: 20,
      version: 1,
    },
    recipient: mission('UNOCI', 'CIV'),
    donor: mission('UNMIL', 'LBR'),
    posture: { held: 6, available: 6, committed: 0, onLoanOut: 0, floor: 3 },
    groups: [group],
    donorCrises: [],
    ...over,
  };
}

export function pairContext(over: Partial<PairContext> = {}): PairContext {
  const consents: LoanConsents = { contributor: granted('contributor', 'PAK'), hostState: granted('host-state', 'CIV'), council: granted('council', 'UNSC') };
  const base = donorContext(over);
  return {
    ...base,
    group,
    distanceKm: 760,
    capabilityPolicy: base.policy.capabilities['infantry-company'],
    consents,
    rejectedUnit: undefined,
    share: { limit: 1000, uniformed: 4000 },
    room: { personnel: 1000, aircraft: 10 },
    timing: () => ({ lead: leadTime(7, [], 2), arriveBy: '2010-12-10T00:00:00.000Z', returnBy: '2011-03-15T00:00:00.000Z', coverage: 1 }),
    ...over,
  };
}
