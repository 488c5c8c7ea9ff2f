import { TOPICS } from '@imc/contracts';
import { AssignerProtocol, ConsumerConfig, Kafka, PartitionAssigner } from 'kafkajs';
import { AllocatorLease } from './lease';

/** One allocator's lease, over a kafkajs consumer stand-in that keeps its assignor and event handlers. */
function member(name: string): { lease: AllocatorLease; assigner: () => ReturnType<PartitionAssigner>; join: (mine: boolean) => void; events: string[] } {
  const handlers = new Map<string, (e: unknown) => void>();
  let config: ConsumerConfig | undefined;
  const consumer = {
    events: { GROUP_JOIN: 'group-join', CRASH: 'crash' },
    on: (event: string, fn: (e: unknown) => void) => void handlers.set(event, fn),
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async () => undefined,
    disconnect: async () => undefined,
  };
  const kafka = {
    consumer: (c: ConsumerConfig) => {
      config = c;
      return consumer;
    },
  } as unknown as Kafka;
  const events: string[] = [];
  const lease = new AllocatorLease(kafka, 'ha-allocator-lease', 6000, {
    acquired: () => events.push(`${name} acquired`),
    lost: () => events.push(`${name} lost`),
    standby: () => events.push(`${name} standby`),
  });
  void lease.start();
  return {
    lease,
    assigner: () => (config?.partitionAssigners?.[0] as PartitionAssigner)({ cluster: {}, groupId: 'ha-allocator-lease', logger: {} } as never),
    join: (mine) => handlers.get('group-join')?.({ payload: { memberAssignment: mine ? { [TOPICS.lease]: [0] } : {} } }),
    events,
  };
}

/** The assignment the group's leader computes from both members' metadata: who gets partition 0. */
async function holderOf(members: Record<string, ReturnType<typeof member>>): Promise<string | undefined> {
  const group = Object.entries(members).map(([memberId, m]) => ({ memberId, memberMetadata: m.assigner().protocol({ topics: [TOPICS.lease] }).metadata }));
  const assignment = await members[Object.keys(members)[0]].assigner().assign({ members: group, topics: [TOPICS.lease] });
  return assignment.find((a) => (AssignerProtocol.MemberAssignment.decode(a.memberAssignment)?.assignment[TOPICS.lease] ?? []).includes(0))?.memberId;
}

/** What LeaderPublisher reports after InitProducerId (an allocator of an earlier release had no such call). */
function claimed(lease: AllocatorLease, producerId: string, epoch: number): void {
  (lease as unknown as { claimed?: (c: { producerId: string; epoch: number }) => void }).claimed?.({ producerId, epoch });
}

describe('AllocatorLease with skewed clocks (issue 28, item 9)', () => {
  const T = Date.parse('2026-12-07T02:00:00Z');
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['a minute ahead', 60_000],
    ['a minute behind', -60_000],
    ['a day ahead', 86_400_000],
  ])('a paused former leader whose clock is %s does not win the lease back: the later claim (producer epoch) holds it', async (_label, skew) => {
    const clock = jest.spyOn(Date, 'now');
    const old = member('old');
    const next = member('next');

    // The former leader takes the lease at T on its own clock (skewed) and claims epoch 5.
    clock.mockReturnValue(T + skew);
    old.join(true);
    claimed(old.lease, '4000', 5);
    // Paused past the session timeout: the standby, with a right clock, is given the lease 10 s
    // later, claims epoch 6 (fencing epoch 5) and leads.
    clock.mockReturnValue(T + 10_000);
    next.join(true);
    claimed(next.lease, '4000', 6);
    expect(old.events).toEqual(['old acquired']);
    expect(next.events).toEqual(['next acquired']);

    // The former leader resumes and rejoins while still holding: whichever member computes the
    // assignment, it goes to the later claim.
    clock.mockReturnValue(T + 15_000 + skew);
    expect(await holderOf({ old, next })).toBe('next');
    expect(await holderOf({ next, old })).toBe('next');
  });

  it('one given the lease and still claiming (InitProducerId not answered) keeps it against a former leader', async () => {
    const old = member('old');
    const next = member('next');
    old.join(true);
    claimed(old.lease, '4000', 5);
    next.join(true);
    expect(await holderOf({ old, next })).toBe('next');
  });

  it('a standby never takes the lease from the holder, and a claim made while not holding is not said', async () => {
    const leader = member('leader');
    const standby = member('standby');
    leader.join(true);
    claimed(leader.lease, '4000', 2);
    standby.join(false);
    claimed(standby.lease, '4000', 9);
    expect(await holderOf({ standby, leader })).toBe('leader');
  });
});
