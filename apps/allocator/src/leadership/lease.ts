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
  /** This member held the lease and no longer does (reassigned, or its consumer stopped for good). */
  lost(reason: string): void;
  /** The group formed and this member does not hold the lease. */
  standby(): void;
}

/**
 * Leadership from Kafka itself: every allocator of a deployment joins one consumer group over the
 * single-partition lease topic, and the member assigned partition 0 leads. A leader that stops
 * heartbeating (killed, paused, cut off) is dropped by the group coordinator after the session
 * timeout, and the partition goes to a standby. The topic carries no records.
 */
export class AllocatorLease {
  private readonly logger = new Logger(AllocatorLease.name);
  private readonly consumer: Consumer;
  private holding = false;
  private since: number | null = null;

  constructor(
    kafka: Kafka,
    readonly groupId: string,
    sessionTimeoutMs: number,
    private readonly events: LeaseEvents,
  ) {
    this.consumer = kafka.consumer({
      groupId,
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
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, (e) => {
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
    this.consumer.on(CRASH, (e) => {
      if (e.payload.restart) return;
      this.logger.error(`lease consumer stopped: ${String(e.payload.error)}`);
      if (this.holding) {
        this.holding = false;
        this.since = null;
        this.events.lost(`the lease consumer stopped (${String(e.payload.error)})`);
      }
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [TOPICS.lease] });
    await this.consumer.run({ eachMessage: async () => undefined });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
  }
}
