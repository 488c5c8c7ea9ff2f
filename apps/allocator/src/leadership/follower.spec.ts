import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { TOPICS } from '@imc/contracts';
import { ev, proposalWith, proposedLoan, twoMissionWorld } from '@imc/domain/testing/event.fixtures';
import { AppConfig } from '@imc/platform';
import { Admin, Kafka } from 'kafkajs';
import { CompactionGuard } from '../durability/compaction-guard';
import { AllocatorState } from '../state/allocator-state';
import { StandbyFollower, StandbyWorld } from './follower';

/** A kafkajs consumer as the follower uses it: events, run, seek. No broker. */
class ConsumerDouble extends EventEmitter {
  readonly events = { END_BATCH_PROCESS: 'end-batch', CRASH: 'crash' };
  readonly seeks: { topic: string; partition: number; offset: string }[] = [];
  disconnected = false;
  async connect(): Promise<void> {}
  async subscribe(): Promise<void> {}
  async run(): Promise<void> {}
  seek(at: { topic: string; partition: number; offset: string }): void {
    this.seeks.push(at);
  }
  async disconnect(): Promise<void> {
    this.disconnected = true;
  }
}

describe('StandbyWorld.take', () => {
  it('skips a proposal or a loan record without data instead of throwing out of the consumer', () => {
    const world = new StandbyWorld(new AllocatorState(new AppConfig()), new CompactionGuard());
    for (const topic of [TOPICS.proposals, TOPICS.loans]) {
      expect(() => world.take(topic, Buffer.from('{"specversion":"1.0","id":"x"}'), null, undefined)).not.toThrow();
      expect(() => world.take(topic, Buffer.from('null'), null, undefined)).not.toThrow();
    }
    expect(world.skipped).toBe(4);
  });
});

describe('StandbyWorld order', () => {
  const headers = { 'content-type': Buffer.from('application/cloudevents+json') };
  const topicOf: Record<string, string> = { 'imc.mission.upserted': TOPICS.missions, 'imc.unit.upserted': TOPICS.units, 'imc.consent.recorded': TOPICS.consents, 'imc.policy.updated': TOPICS.policies };

  it.each(['imc.loan.returned', 'imc.loan.recalled'])('does not lose a %s read after its approval but before the approved proposal', (type) => {
    const proposal = proposalWith([proposedLoan({ loanId: 'loan-a', unitIds: ['UNMIL-inf-01'] })]);
    const approval = ev('imc.allocation.decided', '2010-12-02T00:00:00Z', { decisionId: 'd-1', proposalId: proposal.proposalId, loanIds: ['loan-a'], decision: 'approved', reviewer: 'ops', version: 1 });
    const end = type === 'imc.loan.returned' ? ev(type, '2010-12-20T00:00:00Z', { loanId: 'loan-a', returnedAt: '2010-12-20T00:00:00Z' }) : ev(type, '2010-12-20T00:00:00Z', { loanId: 'loan-a', recalledAt: '2010-12-20T00:00:00Z', reason: 'home crisis' });

    // The leader: the proposal was published before the planner decided on it.
    const leader = new AllocatorState(new AppConfig());
    for (const e of twoMissionWorld()) leader.apply(e);
    leader.accept(proposal);
    expect(leader.apply(approval).status).toBe('applied');
    expect(leader.apply(end).status).toBe('applied');

    // The standby fetches imc.decisions ahead of imc.proposals.
    const standby = new AllocatorState(new AppConfig());
    const world = new StandbyWorld(standby, new CompactionGuard());
    for (const e of twoMissionWorld()) world.take(topicOf[e.type] ?? TOPICS.clock, Buffer.from(JSON.stringify(e)), null, headers);
    world.take(TOPICS.decisions, Buffer.from(JSON.stringify(approval)), null, headers);
    world.take(TOPICS.decisions, Buffer.from(JSON.stringify(end)), null, headers);
    world.take(TOPICS.proposals, Buffer.from(JSON.stringify({ specversion: '1.0', id: proposal.proposalId, source: '/imc/allocator', type: 'imc.allocation.proposed', time: proposal.asOf, data: proposal })), null, headers);
    expect(world.waiting).toBe(0);
    expect(standby.summary().ledger).toEqual(leader.summary().ledger);
  });
});

describe('StandbyFollower', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('follows again, from where it had read, when kafkajs gives up on its consumer', async () => {
    const made: ConsumerDouble[] = [];
    const kafka = { consumer: () => made[made.push(new ConsumerDouble()) - 1] } as unknown as Kafka;
    const admin = { deleteGroups: async () => undefined } as unknown as Admin;
    const world = new StandbyWorld(new AllocatorState(new AppConfig()), new CompactionGuard());
    const follower = new StandbyFollower(kafka, admin, 'imc-allocator', world, 10);
    await follower.start(new Map([[`${TOPICS.crises}:0`, 5n]]));
    expect(made[0].seeks).toEqual([{ topic: TOPICS.crises, partition: 0, offset: '5' }]);
    made[0].emit('end-batch', { payload: { topic: TOPICS.crises, partition: 0, lastOffset: '9' } });
    // A crash kafkajs restarts itself is left to it.
    made[0].emit('crash', { payload: { error: new Error('rebalancing'), restart: true } });
    await new Promise((r) => setTimeout(r, 50));
    expect(made).toHaveLength(1);
    made[0].emit('crash', { payload: { error: new Error('Failed to find group coordinator'), restart: false } });
    await new Promise((r) => setTimeout(r, 50));
    expect(made).toHaveLength(2);
    expect(made[0].disconnected).toBe(true);
    expect(made[1].seeks).toEqual([{ topic: TOPICS.crises, partition: 0, offset: '10' }]);
    await follower.stop();
    // Stopped (taking over): a late crash does not bring it back.
    made[1].emit('crash', { payload: { error: new Error('x'), restart: false } });
    await new Promise((r) => setTimeout(r, 50));
    expect(made).toHaveLength(2);
  });
});
