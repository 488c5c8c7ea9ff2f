import type { ConsentResolution } from './consent.rule';
import { arrivalAt, leadTime, transitDays } from './lead-time.rule';

const granted = (kind: ConsentResolution['kind'], party: string): ConsentResolution => ({ kind, party, state: 'granted', delayDays: 0 });
const pending = (kind: ConsentResolution['kind'], party: string, delayDays: number): ConsentResolution => ({ kind, party, state: 'pending', delayDays });

describe('transitDays', () => {
  it('rounds a part day up', () => {
    expect(transitDays(760, { transitKmPerDay: 400 })).toBe(2);
    expect(transitDays(800, { transitKmPerDay: 400 })).toBe(2);
    expect(transitDays(0, { transitKmPerDay: 400 })).toBe(0);
  });
});

describe('leadTime', () => {
  it('is notice plus transit when every consent is granted', () => {
    const l = leadTime(7, [granted('contributor', 'PAK'), granted('host-state', 'CIV'), granted('council', 'UNSC')], 2);
    expect(l).toMatchObject({ totalDays: 9, criticalPath: 'notice', pending: [], consentDays: 0, authorizationDays: 0 });
  });

  it('lets a pending consent longer than notice set the arrival and name itself', () => {
    const l = leadTime(7, [pending('contributor', 'PAK', 40), granted('host-state', 'CIV'), pending('council', 'UNSC', 10)], 2);
    expect(l).toMatchObject({ totalDays: 42, criticalPath: 'contributor:PAK', consentDays: 40, authorizationDays: 10 });
    expect(l.pending).toEqual(['contributor:PAK', 'council:UNSC']);
  });

  it('keeps notice on the critical path when pending delays are shorter', () => {
    const l = leadTime(14, [pending('host-state', 'CIV', 5)], 1);
    expect(l).toMatchObject({ totalDays: 15, criticalPath: 'notice', pending: ['host-state:CIV'] });
  });

  it('separates the Council authorization from the consents', () => {
    const l = leadTime(3, [pending('council', 'UNSC', 20)], 0);
    expect(l).toMatchObject({ consentDays: 0, authorizationDays: 20, criticalPath: 'council:UNSC', totalDays: 20 });
  });

  it('dates the arrival from asOf', () => {
    expect(arrivalAt('2011-01-01T00:00:00.000Z', { totalDays: 40 })).toBe('2011-02-10T00:00:00.000Z');
  });
});
