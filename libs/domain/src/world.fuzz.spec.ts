import * as fc from 'fast-check';
import { CAPABILITIES, CloudEvent, parseEvent } from '@imc/contracts';
import { fuzzParameters, validTime } from '@imc/contracts/testing/fuzz';
import { proposalWith, proposedLoan } from './testing/event.fixtures';
import { World } from './world.state';

/**
 * Issue 9: nothing parseEvent accepts may throw inside the world. Events are generated valid by
 * construction (small id pools, so that they meet: versions collide, decisions name proposed
 * loans, returns name approved ones), then kept only if parseEvent accepts them, as ingest does.
 */
const params = fuzzParameters(300);
const MISSIONS = ['UNMIL', 'UNOCI', 'MONUC'];
const UNITS = ['u1', 'u2', 'u3', 'u4'];
const mission = fc.constantFrom(...MISSIONS);
const capability = fc.constantFrom(...CAPABILITIES);
const version = fc.integer({ min: 0, max: 4 });
const place = fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
const window = fc.tuple(validTime, validTime).map(([a, b]) => (Date.parse(a) < Date.parse(b) ? { start: a, end: b } : { start: b, end: a }));

const data: Record<string, fc.Arbitrary<object>> = {
  'imc.mission.upserted': fc.record({ missionId: mission, name: fc.string({ minLength: 1, maxLength: 5 }), hostState: fc.constantFrom('LBR', 'CIV', 'COD'), region: fc.constant('west-africa'), hq: place, status: fc.constantFrom('normal', 'crisis', 'start-up', 'drawdown'), receivingCapacity: fc.record({ personnel: fc.nat(5000), aircraft: fc.nat(20) }), version }),
  'imc.unit.upserted': fc.record({ unitId: fc.constantFrom(...UNITS), missionId: mission, capability, personnel: fc.nat(1000), aircraft: fc.nat(10), contributor: fc.constantFrom('PAK', 'COMMERCIAL', 'UN'), commercial: fc.boolean(), interMissionClause: fc.boolean(), noticeToMoveDays: fc.nat(60), status: fc.constantFrom('available', 'committed', 'maintenance'), version }),
  'imc.unit.removed': fc.record({ unitId: fc.constantFrom(...UNITS), version }),
  'imc.consent.recorded': fc.record(
    { consentId: fc.constantFrom('c1', 'c2', 'c3'), kind: fc.constantFrom('contributor', 'host-state', 'council'), party: fc.constantFrom('PAK', 'CIV', 'UNSC'), fromMission: fc.constantFrom('*', ...MISSIONS), toMission: fc.constantFrom('*', ...MISSIONS), capabilities: fc.constantFrom(['*'], ['infantry-company']), status: fc.constantFrom('granted', 'pending', 'refused', 'withdrawn'), expectedInDays: fc.nat(400), validUntil: validTime, version },
    { requiredKeys: ['consentId', 'kind', 'party', 'fromMission', 'toMission', 'capabilities', 'status', 'version'] },
  ),
  'imc.policy.updated': fc.record({ version, maxLoanDays: fc.integer({ min: 1, max: 100_000 }), demobilizationDays: fc.nat(1000), maxShareOnLoan: fc.double({ min: 0, max: 1, noNaN: true }), minCoverage: fc.double({ min: 0, max: 1, noNaN: true }), donorInCrisisLends: fc.boolean() }, { requiredKeys: [] }),
  'imc.crisis.declared': fc.record({ crisisId: fc.constantFrom('k1', 'k2'), missionId: mission, kind: fc.constantFrom('election', 'security'), scheduled: fc.boolean(), severity: fc.constantFrom(1, 2, 3, 4, 5), window, requirements: fc.array(fc.record({ capability, quantity: fc.integer({ min: 1, max: 5 }), priority: fc.integer({ min: 1, max: 10 }) }), { maxLength: 3 }), version }),
  'imc.demand.raised': fc.record({ demandId: fc.constantFrom('d1', 'd2'), missionId: mission, capability, quantity: fc.integer({ min: 1, max: 5 }), window, priority: fc.integer({ min: 1, max: 10 }), version }),
  'imc.clock.ticked': fc.constant({}),
  'imc.allocation.decided': fc.record({ decisionId: fc.constantFrom('x1', 'x2', 'x3'), proposalId: fc.constantFrom('global:1', 'global:2'), loanIds: fc.subarray(['loan-a', 'loan-b', 'loan-x'], { minLength: 1 }), decision: fc.constantFrom('approved', 'rejected'), reviewer: fc.constant('r'), version: fc.constant(1) }),
  'imc.loan.returned': fc.record({ loanId: fc.constantFrom('loan-a', 'loan-b'), returnedAt: validTime }),
};

const event: fc.Arbitrary<CloudEvent> = fc
  .tuple(fc.constantFrom(...Object.keys(data)), fc.string({ minLength: 1, maxLength: 3 }), validTime)
  .chain(([type, id, time]) => data[type].map((d) => ({ specversion: '1.0' as const, id, source: '/fuzz', type, time, data: d })));

describe('fuzz: World.apply', () => {
  it('never throws on any sequence of events parseEvent accepts', () => {
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 30 }), fc.nat(30), (events, proposeAt) => {
        const world = World.empty();
        events.forEach((e, i) => {
          if (i === proposeAt) world.recordProposal(proposalWith([proposedLoan({ loanId: 'loan-a', unitIds: ['u1'] }), proposedLoan({ loanId: 'loan-b', unitIds: ['u2', 'u3'] })]));
          total++;
          const parsed = parseEvent(JSON.parse(JSON.stringify(e)) as unknown);
          if (!parsed.ok) return;
          accepted++;
          const result = world.apply(parsed.event);
          expect(['applied', 'duplicate', 'stale', 'rejected']).toContain(result.status);
        });
        // Reading the state back must not throw either.
        expect(() => world.clone()).not.toThrow();
      }),
      params,
    );
    // The generator is meant to produce valid events; if it did not, the property proved nothing.
    expect(accepted / total).toBeGreaterThan(0.8);
  });
});
