import { Logger } from '@nestjs/common';
import { TOPICS } from '@imc/contracts';
import { crisisEv, ev, twoMissionWorld } from '@imc/domain/testing/event.fixtures';
import { AppConfig, isTransient, OutgoingRecord } from '@imc/platform';
import { Kafka } from 'kafkajs';
import { CompactionGuard } from '../durability/compaction-guard';
import { AllocatorState } from '../state/allocator-state';
import { StandbyWorld } from './follower';
import { isFencing, LeaderPublisher, NotLeadingError } from './leader-publisher';
import { leaseHolder } from './lease';

describe('leaseHolder', () => {
  const claim = (epoch: number, producerId = '4000'): { producerId: string; epoch: number } => ({ producerId, epoch });

  it('keeps the lease with the member that leads, whoever joins', () => {
    expect(leaseHolder([{ memberId: 'a', claim: null }, { memberId: 'z', claim: claim(3) }])).toBe('z');
    expect(leaseHolder([{ memberId: 'a', claim: null }, { memberId: 'z', claim: 'pending' }])).toBe('z');
  });

  it('gives it to the later claim (the higher epoch, then the higher producer id) when a paused former leader still claims it', () => {
    expect(leaseHolder([{ memberId: 'new', claim: claim(7) }, { memberId: 'old', claim: claim(6) }, { memberId: 'b', claim: null }])).toBe('new');
    expect(leaseHolder([{ memberId: 'a-old', claim: claim(32766, '4000') }, { memberId: 'z-new', claim: claim(0, '4001') }])).toBe('z-new');
    // int64 producer ids beyond a double's precision still order.
    expect(leaseHolder([{ memberId: 'a', claim: claim(0, '9007199254740993') }, { memberId: 'b', claim: claim(0, '9007199254740992') }])).toBe('a');
  });

  it('a member given the lease whose InitProducerId has not answered yet orders after every completed claim', () => {
    expect(leaseHolder([{ memberId: 'old', claim: claim(9) }, { memberId: 'new', claim: 'pending' }])).toBe('new');
  });

  it('without a claim, to the smallest member id, so that every assignor agrees', () => {
    expect(leaseHolder([{ memberId: 'm-2', claim: null }, { memberId: 'm-1', claim: null }])).toBe('m-1');
    expect(leaseHolder([])).toBeUndefined();
  });
});

describe('isFencing', () => {
  const protocolError = (type: string, code: number): Error => Object.assign(new Error('broker said no'), { name: 'KafkaJSProtocolError', type, code, retriable: false });

  it('recognises the broker saying another producer took the transactional id, also wrapped', () => {
    expect(isFencing(protocolError('INVALID_PRODUCER_EPOCH', 47))).toBe(true);
    expect(isFencing(Object.assign(new Error('retries exhausted'), { originalError: protocolError('INVALID_PRODUCER_EPOCH', 47) }))).toBe(true);
    expect(isFencing(Object.assign(new Error('Unknown error'), { code: 90 }))).toBe(true);
  });

  it('does not mistake an outage or a refusal for fencing', () => {
    expect(isFencing(new Error('Connection timeout'))).toBe(false);
    expect(isFencing(protocolError('MESSAGE_TOO_LARGE', 10))).toBe(false);
  });
});

describe('LeaderPublisher', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('refuses to write anything, dead letters included, unless this allocator leads; the refusal is final', async () => {
    let leading = false;
    const sent: string[] = [];
    const producer = { on: () => undefined, events: { DISCONNECT: 'disconnect' }, connect: async () => undefined, sendBatch: async (b: { topicMessages: { topic: string }[] }) => void sent.push(...b.topicMessages.map((t) => t.topic)), disconnect: async () => undefined };
    const kafka = { producer: () => producer } as unknown as Kafka;
    const publisher = new LeaderPublisher(kafka, 'imc-allocator', () => leading, () => undefined);
    const dlq: OutgoingRecord = { topic: TOPICS.dlq, key: 'k', value: Buffer.from('x'), raw: true };
    const error = await publisher.publish([dlq]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotLeadingError);
    expect(isTransient(error)).toBe(false);
    expect(sent).toEqual([]);
    leading = true;
    await publisher.publish([dlq]);
    expect(sent).toEqual([TOPICS.dlq]);
    // Proposals need the transactional id claimed first.
    await expect(publisher.publish([{ topic: TOPICS.proposals, key: 'global', value: { id: 'p' } }])).rejects.toBeInstanceOf(NotLeadingError);
  });
});

describe('StandbyWorld', () => {
  it('keeps a decision that comes before the proposal it names, and applies it once the proposal is read', async () => {
    // The leader: plans and publishes a proposal, a planner approves its loan.
    const leader = new AllocatorState(new AppConfig());
    for (const e of [...twoMissionWorld(), crisisEv('2010-12-01T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI' })]) leader.apply(e);
    const { proposal } = await leader.plan();
    leader.accept(proposal);
    const decision = ev('imc.allocation.decided', '2010-12-02T00:00:00Z', { decisionId: 'd-1', proposalId: proposal.proposalId, loanIds: [proposal.loans[0].loanId], decision: 'approved', reviewer: 'ops', version: 1 });
    expect(leader.apply(decision).status).toBe('applied');

    // The standby reads the same records, the decision before the proposal.
    const standby = new AllocatorState(new AppConfig());
    const world = new StandbyWorld(standby, new CompactionGuard());
    const record = (topic: string, event: object): [string, Buffer] => [topic, Buffer.from(JSON.stringify(event))];
    const take = ([topic, value]: [string, Buffer]): void => world.take(topic, value, null, { 'content-type': Buffer.from('application/cloudevents+json') });
    for (const e of twoMissionWorld()) take(record(topicOf(e.type), e));
    take(record(TOPICS.crises, crisisEv('2010-12-01T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI' })));
    take(record(TOPICS.decisions, decision));
    expect(world.waiting).toBe(1);
    take(record(TOPICS.proposals, { specversion: '1.0', id: proposal.proposalId, source: '/imc/allocator', type: 'imc.allocation.proposed', time: proposal.asOf, data: proposal }));
    expect(world.waiting).toBe(0);
    expect(standby.summary().ledger).toEqual(leader.summary().ledger);
    // The next plan continues the leader's sequence.
    try {
      expect((await standby.plan()).proposal.version).toBe(proposal.version + 1);
    } finally {
      await Promise.all([leader.onApplicationShutdown(), standby.onApplicationShutdown()]);
    }
    // Two planning workers start under ts-jest here: 18 s each was seen on a loaded 2-core machine.
  }, 120_000);
});

function topicOf(type: string): string {
  const map: Record<string, string> = { 'imc.mission.upserted': TOPICS.missions, 'imc.unit.upserted': TOPICS.units, 'imc.consent.recorded': TOPICS.consents, 'imc.policy.updated': TOPICS.policies, 'imc.demand.raised': TOPICS.demands, 'imc.crisis.declared': TOPICS.crises, 'imc.clock.ticked': TOPICS.clock };
  return map[type] ?? TOPICS.clock;
}
