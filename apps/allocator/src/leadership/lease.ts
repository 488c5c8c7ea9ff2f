import { Logger } from '@nestjs/common';
import { TOPICS } from '@imc/contracts';
import { AssignerProtocol, Consumer, GroupMember, Kafka, PartitionAssigner } from 'kafkajs';

export interface LeaseClaim {
  memberId: string;
  /** When this member took the lease (epoch ms), or null for a member that does not lead. */
  leadingSince: number | null;
}

/**
 * Who holds the lease after a rebalance. A member that already leads keeps it, so a standby
 * joining never moves leadership; when two claim it (a paused former leader back before it noticed
 * it was replaced), the later takeover wins: the earlier one has been fenced by it. Without a
 * claim, the smallest member id, so that every member's assignor agrees.
 */
export function leaseHolder(members: readonly LeaseClaim[]): string | undefined {
  const claiming = members.filter((m) => m.leadingSince !== null).sort((a, b) => (b.leadingSince ?? 0) - (a.leadingSince ?? 0) || (a.memberId < b.memberId ? -1 : 1));
  if (claiming.length > 0) return claiming[0].memberId;
  return [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0))[0]?.memberId;
}

const PROTOCOL = 'imc-lease';

function claimOf(member: GroupMember): LeaseClaim {
  try {
    const meta = AssignerProtocol.MemberMetadata.decode(member.memberMetadata);
    const data = meta?.userData && meta.userData.length > 0 ? (JSON.parse(meta.userData.toString('utf8')) as { leadingSince?: unknown }) : {};
    return { memberId: member.memberId, leadingSince: typeof data.leadingSince === 'number' ? data.leadingSince : null };
  } catch {
    return { memberId: member.memberId, leadingSince: null };
  }
}

/** The assignor of the lease group: partition 0 of the lease topic to leaseHolder, nothing to the others. */
export function leaseAssigner(leadingSince: () => number | null): PartitionAssigner {
  return () => ({
    name: PROTOCOL,
    version: 1,
    protocol: ({ topics }) => ({
      name: PROTOCOL,
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.from(JSON.stringify({ leadingSince: leadingSince() })) }),
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
  private since: number | null = null;

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
      partitionAssigners: [leaseAssigner(() => this.since)],
    });
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
        this.since = Date.now();
        this.events.acquired();
      } else if (!mine && this.holding) {
        this.holding = false;
        this.since = null;
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
      this.logger.error(`lease consumer stopped: ${String(e.payload.error)}; joining again in ${LEASE_REJOIN_MS} ms`);
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
      this.logger.error(`lease consumer could not join again: ${error instanceof Error ? error.message : String(error)}; trying again in ${LEASE_REJOIN_MS} ms`);
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
