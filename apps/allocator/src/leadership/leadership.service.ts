import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig, KAFKA, KAFKA_ADMIN, retryTransient } from '@imc/platform';
import { Admin, Kafka } from 'kafkajs';
import { Counter, Gauge } from 'prom-client';
import { CompactionGuard } from '../durability/compaction-guard';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import { AllocatorState } from '../state/allocator-state';
import { Positions, StandbyFollower, StandbyWorld } from './follower';
import { LeaderPublisher } from './leader-publisher';
import { AllocatorLease } from './lease';
import { errorMessage } from '@imc/contracts';

/**
 * starting: reading the topics, lease not decided; standby: warm, following, publishing nothing;
 * taking-over: fencing the former leader and catching up; leader: plans and publishes; fenced:
 * another allocator took over, this process stops publishing and exits.
 */
export type Role = 'starting' | 'standby' | 'taking-over' | 'leader' | 'fenced';
const ROLES: readonly Role[] = ['starting', 'standby', 'taking-over', 'leader', 'fenced'];

/** Exit code of an allocator that stepped down: a supervisor restarts it, and it comes back as a standby. */
export const STEPPED_DOWN_EXIT_CODE = 75;

export interface TakeoverSteps {
  /** Everything a leader does once, after the state is caught up: publish what is due, plan. */
  becomeLeader(): Promise<void>;
  /** Starts consuming the inputs as the leader (the input consumer group). */
  startLiveConsumer(): Promise<void>;
  /** Stops handling inputs and leaves the input group: the first thing an allocator stepping down does. */
  leaveInputs(): Promise<void>;
}

/** How long an allocator stepping down waits for its input consumer to leave the group before it exits anyway. */
const LEAVE_INPUTS_MS = 3000;

/**
 * Which of the deployment's allocators plans and publishes (docs/operations.md, "Two allocators and a
 * cluster"). Every allocator reads the topics at start; then the lease (a consumer group over
 * imc.allocator.lease) says who leads. A standby follows every topic and keeps its world as the
 * leader's; when it is given the lease it claims the transactional id (fencing the former leader),
 * reads to the end of every topic, plans, publishes if the plan differs, and starts consuming.
 */
@Injectable()
export class LeadershipService {
  private readonly logger = new Logger(LeadershipService.name);
  private currentRole: Role = 'starting';
  readonly publisher: LeaderPublisher;
  private readonly lease: AllocatorLease;
  private readonly world: StandbyWorld;
  private readonly follower: StandbyFollower;
  private steps: TakeoverSteps | undefined;
  private decided: () => void = () => undefined;
  private readonly firstDecision = new Promise<void>((r) => (this.decided = r));
  private lastTakeover: { at: string; ms: number } | undefined;
  private readonly roleGauge: Gauge;
  private readonly takeovers: Counter;
  private readonly takeoverSeconds: Gauge;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(KAFKA_ADMIN) admin: Admin,
    private readonly config: AppConfig,
    state: AllocatorState,
    compaction: CompactionGuard,
    metrics: AllocatorMetrics,
  ) {
    this.publisher = new LeaderPublisher(
      kafka,
      config.transactionalId,
      () => this.currentRole === 'leader' || this.currentRole === 'taking-over',
      (reason) => this.stepDown(reason),
      // The lease orders claimants by this, not by their clocks.
      (claim) => this.lease.claimed(claim),
    );
    this.world = new StandbyWorld(state, compaction);
    this.follower = new StandbyFollower(kafka, admin, `${config.IMC_INSTANCE}-allocator`, this.world);
    this.lease = new AllocatorLease(kafka, `${config.IMC_INSTANCE}-allocator-lease`, config.IMC_LEASE_TIMEOUT_MS, {
      acquired: () => void this.takeOver(),
      lost: (reason) => this.stepDown(reason),
      standby: () => {
        if (this.currentRole === 'starting') this.setRole('standby');
        this.decided();
      },
    });
    this.roleGauge = new Gauge({ name: 'imc_allocator_role', help: 'This allocator\'s role: 1 for the current one (leader, standby, ...)', labelNames: ['role'], registers: [metrics.registry] });
    this.takeovers = new Counter({ name: 'imc_allocator_takeovers_total', help: 'Times this allocator became the leader', registers: [metrics.registry] });
    this.takeoverSeconds = new Gauge({ name: 'imc_allocator_takeover_seconds', help: 'Lease given to first plan done, in the last takeover', registers: [metrics.registry] });
    this.setRole('starting');
  }

  get role(): Role {
    return this.currentRole;
  }

  isLeader(): boolean {
    return this.currentRole === 'leader';
  }

  summary(): Record<string, unknown> {
    return { role: this.currentRole, transactionalId: this.config.transactionalId, leaseGroup: this.lease.memberOf, lastTakeover: this.lastTakeover ?? null };
  }

  /**
   * After the start-up read: follow from where it stopped, join the lease, and resolve once this
   * allocator knows whether it leads (a lone allocator leads at once, and is live when this resolves).
   */
  async start(from: Positions, steps: TakeoverSteps): Promise<void> {
    this.steps = steps;
    await this.follower.start(from);
    this.logger.debug({ msg: 'following the topics; joining the lease' });
    await this.lease.start();
    this.logger.debug({ msg: 'lease consumer running' });
    await this.firstDecision;
  }

  private async takeOver(): Promise<void> {
    const steps = this.steps;
    if (!steps || this.currentRole === 'fenced') return;
    const started = Date.now();
    this.setRole('taking-over');
    this.logger.log({ msg: 'lease acquired: taking over' });
    try {
      // First fence: from here the former leader cannot publish, so the ends read next are final.
      await retryTransient(
        () => this.publisher.claim(),
        (error, attempt) => this.logger.warn({ msg: 'claiming the transactional id failed, retrying', attempt, error: errorMessage(error) }),
        () => this.currentRole !== 'taking-over',
      );
      await this.follower.catchUpAndStop(60_000);
      this.world.retryParked(true);
      await steps.becomeLeader();
      if ((this.currentRole as Role) !== 'taking-over') return;
      this.setRole('leader');
      const ms = Date.now() - started;
      this.lastTakeover = { at: new Date().toISOString(), ms };
      this.takeovers.inc();
      this.takeoverSeconds.set(ms / 1000);
      this.logger.log({ msg: 'leading', takeoverMs: ms, transactionalId: this.config.transactionalId });
      this.decided();
      await steps.startLiveConsumer();
    } catch (error) {
      this.stepDown(`takeover failed: ${errorMessage(error)}`);
    }
  }

  /**
   * Another allocator leads (or this one could not take over): stop publishing at once and exit,
   * so that a supervisor restarts this process as a standby with a state read afresh. Staying up
   * with a world that may have diverged would buy nothing.
   */
  stepDown(reason: string): void {
    if (this.currentRole === 'fenced') return;
    this.setRole('fenced');
    this.logger.error({ msg: `stepping down: ${reason}; exiting to come back as a standby`, reason, exitCode: STEPPED_DOWN_EXIT_CODE });
    // Nothing publishes from here (the publisher refuses). Leave the input group before anything
    // else: no input is handled any more, and the group gives the partitions to the new leader at
    // once instead of after this member's session timeout. Bounded: a broker that is away must not
    // keep this process from exiting.
    const left = this.steps?.leaveInputs().catch((error: unknown) => this.logger.warn({ msg: 'leaving the input group failed', error: errorMessage(error) }));
    void Promise.race([left, new Promise((r) => setTimeout(r, LEAVE_INPUTS_MS))]).then(() => setTimeout(() => process.exit(STEPPED_DOWN_EXIT_CODE), 100));
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    await this.lease.stop();
  }

  private setRole(role: Role): void {
    this.currentRole = role;
    for (const r of ROLES) this.roleGauge.set({ role: r }, r === role ? 1 : 0);
  }
}
