import * as fc from 'fast-check';
import type { CloudEvent, Proposal } from '@imc/contracts';
import { buildPlanningProblem, World, type WorldSnapshot } from '@imc/domain';
import { consentEv, crisisEv, ev, missionEv, proposalWith, twoMissionWorld, unitEv } from '@imc/domain/testing/event.fixtures';
import { planProposal } from '@imc/optimizer';
import { fuzzParameters } from '@imc/contracts/testing/fuzz';
import { RESYNC, WorldReplica, WorldSender, type WorldUpdate } from './world-sync';

/**
 * The planning worker's copy of the world, kept by posting only what changed (world-sync.ts),
 * must equal the service's world after any sequence of events, plans and lost workers: if the
 * World ever edited an entry in place, the pointer comparison would miss it and this fails.
 * The problem built from the copy must be the one built from the world itself.
 */
const params = fuzzParameters(60);
const T0 = Date.parse('2010-12-01T00:00:00Z');
const DAY = 86_400_000;
const UNITS = ['UNMIL-inf-01', 'UNMIL-inf-02', 'UNOCI-inf-01', 'UNOCI-hel-01'];
const MISSIONS = ['UNMIL', 'UNOCI'] as const;

type Op =
  | { op: 'event'; make: (time: string, version: number, latest: Proposal | undefined) => CloudEvent }
  | { op: 'plan' }
  | { op: 'worker-plan' }
  | { op: 'sync' }
  | { op: 'lose-worker' };

const window = (startDay: number, days: number) => ({ start: new Date(T0 + startDay * DAY).toISOString(), end: new Date(T0 + (startDay + days) * DAY).toISOString() });

const event: fc.Arbitrary<Op> = fc
  .oneof(
    fc.record({ unitId: fc.constantFrom(...UNITS), missionId: fc.constantFrom(...MISSIONS), status: fc.constantFrom('available', 'maintenance', 'committed'), notice: fc.nat(20) }).map(
      (u) => (time: string, version: number) => unitEv(time, { unitId: u.unitId, missionId: u.missionId, status: u.status as 'available', noticeToMoveDays: u.notice, version }),
    ),
    fc.constantFrom(...UNITS).map((unitId) => (time: string, version: number) => ev('imc.unit.removed', time, { unitId, version })),
    fc.record({ demandId: fc.constantFrom('d1', 'd2'), missionId: fc.constantFrom(...MISSIONS), quantity: fc.integer({ min: 1, max: 4 }), startDay: fc.integer({ min: 2, max: 30 }), days: fc.integer({ min: 10, max: 90 }), priority: fc.integer({ min: 1, max: 10 }) }).map(
      (d) => (time: string, version: number) => ev('imc.demand.raised', time, { demandId: d.demandId, missionId: d.missionId, capability: 'infantry-company', quantity: d.quantity, window: window(d.startDay, d.days), priority: d.priority, version }),
    ),
    fc.constantFrom('d1', 'd2').map((demandId) => (time: string, version: number) => ev('imc.demand.withdrawn', time, { demandId, version })),
    fc.constantFrom('granted', 'pending', 'refused').map((status) => (time: string, version: number) => consentEv(time, { consentId: 'pak', kind: 'contributor', party: 'PAK', status: status as 'granted', expectedInDays: 5, version })),
    fc.double({ min: 0.05, max: 0.9, noNaN: true }).map((maxShareOnLoan) => (time: string, version: number) => ev('imc.policy.updated', time, { maxShareOnLoan, version })),
    fc.constantFrom<'declared' | 'resolved'>('declared', 'resolved').map((type) => (time: string, version: number) => crisisEv(time, type, { crisisId: 'k1', missionId: 'UNOCI', window: window(3, 40), version })),
    fc.constantFrom('crisis', 'normal').map((status) => (time: string, version: number) => missionEv(time, { missionId: 'UNOCI', hostState: 'CIV', hq: { lat: 5.36, lon: -4.01 }, status: status as 'normal', version })),
    fc.constant((time: string) => ev('imc.clock.ticked', time, {})),
    fc.constantFrom<'approved' | 'rejected'>('approved', 'rejected').map(
      (decision) => (time: string, version: number, latest: Proposal | undefined) =>
        ev('imc.allocation.decided', time, { decisionId: `x${version}`, proposalId: latest?.proposalId ?? 'global:1', loanIds: latest?.loans.map((l) => l.loanId).slice(0, 1) ?? ['none'], decision, reviewer: 'r', version: 1 }),
    ),
    fc.constant((time: string, _version: number, latest: Proposal | undefined) => ev('imc.loan.returned', time, { loanId: latest?.loans[0]?.loanId ?? 'none', returnedAt: time })),
  )
  .map((make) => ({ op: 'event' as const, make }));

/** A planner approves the whole latest proposal: loans exist, and their status moves with time. */
const approve: Op = {
  op: 'event',
  make: (time, version, latest) => ev('imc.allocation.decided', time, { decisionId: `a${version}`, proposalId: latest?.proposalId ?? 'global:1', loanIds: latest?.loans.map((l) => l.loanId) ?? ['none'], decision: 'approved', reviewer: 'r', version: 1 }),
};

const op: fc.Arbitrary<Op> = fc.oneof({ weight: 6, arbitrary: event }, { weight: 2, arbitrary: fc.constant(approve) }, { weight: 2, arbitrary: fc.constant<Op>({ op: 'plan' }) }, { weight: 2, arbitrary: fc.constant<Op>({ op: 'worker-plan' }) }, { weight: 3, arbitrary: fc.constant<Op>({ op: 'sync' }) }, { weight: 1, arbitrary: fc.constant<Op>({ op: 'lose-worker' }) });

/** What postMessage does to an update: a structured clone. */
const post = (update: WorldUpdate): WorldUpdate => structuredClone(update);

describe('world sync (the planning worker keeps its copy of the world)', () => {
  it('the copy equals the world, and builds the same problem, after any events, plans and lost workers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(op, fc.integer({ min: 0, max: 3 * DAY })), { minLength: 1, maxLength: 30 }), async (ops) => {
        const world = World.empty();
        for (const e of twoMissionWorld()) world.apply(e);
        // A demand from the start, so that plans propose loans that decisions approve and time moves on.
        world.apply(ev('imc.demand.raised', new Date(T0).toISOString(), { demandId: 'd1', missionId: 'UNOCI', capability: 'infantry-company', quantity: 2, window: window(10, 60), priority: 5, version: 1 }));
        const sender = new WorldSender();
        let replica = new WorldReplica();
        let time = T0;
        let version = 10;
        /** The proposal of the worker's last plan as the service parsed it (AllocatorState's lastWorkerProposal). */
        let lastResult: Proposal | undefined;
        const sync = (): WorldSnapshot => {
          const snapshot = world.planningSnapshot();
          let copy;
          try {
            copy = replica.apply(post(sender.update(snapshot, lastResult)));
          } catch (error) {
            // As AllocatorState does: a worker without the base gets the whole world.
            expect((error as Error).message).toBe(RESYNC);
            sender.reset();
            lastResult = undefined;
            copy = replica.apply(post(sender.update(world.planningSnapshot())));
          }
          expect(copy).toEqual(structuredClone(world.planningSnapshot()));
          const previous = world.latestProposal;
          const fromCopy = buildPlanningProblem(World.adopt(copy), { previous });
          expect(fromCopy).toEqual(buildPlanningProblem(world, { previous }));
          // Building a problem reads the copy, never changes it.
          expect(copy).toEqual(structuredClone(world.planningSnapshot()));
          return copy;
        };
        for (const [step, advance] of ops) {
          if (step.op === 'event') {
            time += advance;
            version += 1;
            world.apply(step.make(new Date(time).toISOString(), version, world.latestProposal));
          } else if (step.op === 'plan') {
            const previous = world.latestProposal;
            const proposal = await planProposal(buildPlanningProblem(world, { previous }), { engine: 'greedy', version: (previous?.version ?? 0) + 1 });
            world.recordProposal(proposal);
          } else if (step.op === 'worker-plan') {
            // As the allocator plans: in the worker, on its copy; the service parses the JSON and keeps it.
            const copy = World.adopt(sync());
            const previous = copy.latestProposal;
            const json = JSON.stringify(await planProposal(buildPlanningProblem(copy, { previous }), { engine: 'greedy', version: (previous?.version ?? 0) + 1 }));
            replica.remember(json);
            lastResult = JSON.parse(json) as Proposal;
            world.recordProposal(lastResult, { owned: true });
          } else if (step.op === 'sync') {
            sync();
          } else {
            replica = new WorldReplica();
          }
        }
        sync();
      }),
      params,
    );
  }, 120_000);

  it('a delta is a small part of the world: one changed unit posts that unit only', () => {
    const world = World.empty();
    for (const e of twoMissionWorld()) world.apply(e);
    const sender = new WorldSender();
    expect(sender.update(world.planningSnapshot()).kind).toBe('whole');
    world.apply(unitEv('2010-12-01T00:00:00Z', { unitId: 'UNMIL-inf-03', missionId: 'UNMIL', status: 'maintenance', version: 5 }));
    const update = sender.update(world.planningSnapshot());
    if (update.kind !== 'delta') throw new Error('expected a delta');
    expect(update.delta.entries.units.set.map(([id]) => id)).toEqual(['UNMIL-inf-03']);
    expect(update.delta.entries.units.deleted).toEqual([]);
    expect(update.delta.entries.consents.set).toEqual([]);
    // Same moment, same policy, same proposal: not posted again.
    expect(update.delta.whole).not.toHaveProperty('policy');
    expect(update.delta.whole).not.toHaveProperty('asOf');
  });

  it('a worker that does not hold the base refuses the delta instead of planning a wrong world', () => {
    const world = World.empty();
    for (const e of twoMissionWorld()) world.apply(e);
    const sender = new WorldSender();
    new WorldReplica().apply(post(sender.update(world.planningSnapshot())));
    expect(() => new WorldReplica().apply(post(sender.update(world.planningSnapshot())))).toThrow(RESYNC);
  });

  it("the worker's own last proposal is not posted back: it parses its JSON of it", () => {
    const world = World.empty();
    for (const e of twoMissionWorld()) world.apply(e);
    const sender = new WorldSender();
    const replica = new WorldReplica();
    replica.apply(post(sender.update(world.planningSnapshot())));
    const json = JSON.stringify({ ...proposalWith([]), proposalId: 'global:7', version: 7 });
    replica.remember(json);
    const parsed = JSON.parse(json) as Proposal;
    world.recordProposal(parsed, { owned: true });
    const update = sender.update(world.planningSnapshot(), parsed);
    if (update.kind !== 'delta') throw new Error('expected a delta');
    expect(update.delta.latestIsLastResult).toBe(true);
    expect(update.delta.whole).not.toHaveProperty('latestProposal');
    expect(replica.apply(post(update)).latestProposal).toEqual(parsed);
    // A worker that did not plan it (a new one) cannot stand in for it.
    const other = new WorldReplica();
    expect(() => other.apply(post(update))).toThrow(RESYNC);
  });
});
