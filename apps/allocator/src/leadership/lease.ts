import { Logger } from '@nestjs/common';
import { parseMemberUserData, TOPICS, errorMessage } from '@imc/contracts';
import { AssignerProtocol, Consumer, GroupMember, Kafka, PartitionAssigner } from 'kafkajs';
import { compareClaims, isClaim, ProducerClaim } from './claim';

/**
 * What a member of the lease group says of itself: a claim (the producer id and epoch its
 * InitProducerId obtained), `pending` (given the lease, InitProducerId not answered yet), or null
 * (a standby).
 */
export type ClaimState = ProducerClaim | 'pending' | null;

export interface LeaseClaim {
  memberId: string;
  claim: ClaimState;
}

/** The later of two claim states: a pending claim orders after every completed one. */
function compareStates(a: ClaimState, b: ClaimState): number {
  if (a === b) return 0;
  if (a === null || b === null) return a === null ? -1 : 1;
  if (a === 'pending' || b === 'pending') return a === 'pending' ? 1 : -1;
  return compareClaims(a, b);
}

/**
 * Who holds the lease after a rebalance. A member that already leads keeps it, so a standby
 * joining never moves leadership. When two claim it (a paused former leader back before it noticed
 * it was replaced), the later claim wins, by the producer epoch each obtained from the broker, not
 * by any clock: the later InitProducerId fenced the earlier one, so the earlier claimant could not
 * publish anyway. A member given the lease whose InitProducerId has not answered yet (pending) was
 * given it when no claimant was in the group, so its claim will be the later one. Without a claim,
 * the smallest member id, so that every member's assignor agrees.
 */
export function leaseHolder(members: readonly LeaseClaim[]): string | undefined {
  const byId = (a: LeaseClaim, b: LeaseClaim): number => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0);
  return [...members].sort((a, b) => compareStates(b.claim, a.claim) || byId(a, b))[0]?.memberId;
}

const PROTOCOL = 'imc-lease';

/** The claim in a member's metadata; an allocator of an earlier release says `leadingSince` (a holder, epoch unknown). */
export function claimOfUserData(userData: Buffer | null | undefined): ClaimState {
  const data = parseMemberUserData(userData);
  // Metadata that cannot be read says nothing: that member counts as a standby.
  if (!data.ok) return null;
  if (data.claim === 'pending' || (data.claim === undefined && typeof data.leadingSince === 'number')) return 'pending';
  return isClaim(data.claim) ? data.claim : null;
}

function claimOf(member: GroupMember): LeaseClaim {
  try {
    return { memberId: member.memberId, claim: claimOfUserData(AssignerProtocol.MemberMetadata.decode(member.memberMetadata)?.userData) };
  } catch {
    return { memberId: member.memberId, claim: null };
  }
}

/** The assignor of the lease group: partition 0 of the lease topic to leaseHolder, nothing to the others. */
export function leaseAssigner(claim: () => ClaimState): PartitionAssigner {
  return () => ({
    name: PROTOCOL,
    version: 1,
    protocol: ({ topics }) => ({
      name: PROTOCOL,
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.from(JSON.stringify({ claim: claim() })) }),
    }),
    assign: async ({ members }) => {
      const holder = leaseHolder(members.map(claimOf));
      return members.map((m) => ({
        memberId: m.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: m.memberId === holder ? { [TOPICS.lease]: [0] } : {}, userData: Buffer.alloc(0) }),
      }));
    },
  });
}

export interface LeaseEvents {
  /** This member was assigned the lease partition. */
  acquired(): void;
  /** This member held the lease and no longer does (the group gave it to another allocator). */
  lost(reason: string): void;
  /** The group formed and this member does not hold the lease. */
  standby(): void;
}

/** Wait before a lease consumer that kafkajs gave up on joins the group again. */
const LEASE_REJOIN_MS = 2000;

/**
 * Leadership from Kafka itself: every allocator of a deployment joins one consumer group over the
 * single-partition lease topic, and the member assigned partition 0 leads. A leader that stops
 * heartbeating (killed, paused, cut off) is dropped by the group coordinator after the session
 * timeout, and the partition goes to a standby. The topic carries no records.
 */
export class AllocatorLease {
  private readonly logger = new Logger(AllocatorLease.name);
  private consumer: Consumer;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private holding = false;
  private claim: ClaimState = null;

  constructor(
    private readonly kafka: Kafka,
    readonly groupId: string,
    private readonly sessionTimeoutMs: number,
    private readonly events: LeaseEvents,
  ) {
    this.consumer = this.newConsumer();
  }

  private newConsumer(): Consumer {
    const sessionTimeoutMs = this.sessionTimeoutMs;
    return this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: sessionTimeoutMs,
      // Several heartbeats per session, and a short fetch wait, since heartbeats ride the fetch loop.
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeoutMs / 6)),
      rebalanceTimeout: sessionTimeoutMs,
      maxWaitTimeInMs: Math.max(250, Math.floor(sessionTimeoutMs / 6)),
      allowAutoTopicCreation: false,
      partitionAssigners: [leaseAssigner(() => this.claim)],
    });
  }

  /** The claim this allocator obtained as the holder (and each later InitProducerId of its own): said at every later rebalance. */
  claimed(claim: ProducerClaim): void {
    if (this.holding) this.claim = claim;
  }

  get memberOf(): string {
    return this.groupId;
  }

  async start(): Promise<void> {
    const consumer = this.consumer;
    const { GROUP_JOIN, CRASH } = consumer.events;
    consumer.on(GROUP_JOIN, (e) => {
      const mine = (e.payload.memberAssignment[TOPICS.lease] ?? []).includes(0);
      if (mine && !this.holding) {
        this.holding = true;
        this.claim = 'pending';
        this.events.acquired();
      } else if (!mine && this.holding) {
        this.holding = false;
        this.claim = null;
        this.events.lost('the lease went to another allocator');
      } else if (!mine) {
        this.events.standby();
      }
    });
    consumer.on(CRASH, (e) => {
      if (e.payload.restart || this.stopping) return;
      // kafkajs gives up for good on some errors of a broker that is simply away (e.g. "Failed to
      // find group coordinator" while the only broker is down). Stepping down then would take
      // planning away for an outage that a restart rides out: join again with a new consumer.
      // Holding on meanwhile is safe: nothing is published without the broker, and should another
      // allocator take the lease, the rejoin says so (lost) or its claim fences this one.
      this.logger.error({ msg: 'lease consumer stopped; joining again', error: String(e.payload.error), rejoinMs: LEASE_REJOIN_MS });
      clearTimeout(this.restartTimer);
      this.restartTimer = setTimeout(() => void this.rejoin(), LEASE_REJOIN_MS);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPICS.lease] });
    await consumer.run({ eachMessage: async () => undefined });
  }

  private async rejoin(): Promise<void> {
    if (this.stopping) return;
    await this.consumer.disconnect().catch(() => undefined);
    this.consumer = this.newConsumer();
    try {
      await this.start();
    } catch (error) {
      this.logger.error({ msg: 'lease consumer could not join again; trying again', error: errorMessage(error), rejoinMs: LEASE_REJOIN_MS });
      clearTimeout(this.restartTimer);
      this.restartTimer = setTimeout(() => void this.rejoin(), LEASE_REJOIN_MS);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.consumer.disconnect().catch(() => undefined);
  }
}
