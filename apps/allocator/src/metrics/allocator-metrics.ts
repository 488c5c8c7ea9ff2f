import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { collectProcessMetrics, ConsumerGauges } from '@imc/platform';

/** The allocator's Prometheus metrics, in one registry. */
export class AllocatorMetrics {
  readonly registry = new Registry();
  readonly consumed = new Counter({ name: 'imc_events_consumed_total', help: 'Input events consumed, by type', labelNames: ['type'], registers: [this.registry] });
  readonly rejected = new Counter({ name: 'imc_events_rejected_total', help: 'Input events sent to the dead-letter topic, by reason kind', labelNames: ['reason'], registers: [this.registry] });
  readonly stale = new Counter({ name: 'imc_events_stale_total', help: 'Events ignored because their entity version was not newer', registers: [this.registry] });
  readonly deadLetterFailures = new Counter({ name: 'imc_dead_letter_failures_total', help: 'Rejected records that could not be written to the dead-letter topic even without their value; the partition went on past them', registers: [this.registry] });
  readonly handlerErrors = new Counter({ name: 'imc_ingest_handler_errors_total', help: 'Attempts at applying a valid event that threw (retried, then dead-lettered)', registers: [this.registry] });
  readonly duplicate = new Counter({ name: 'imc_events_duplicate_total', help: 'Events ignored because their id was already applied', registers: [this.registry] });
  readonly planDuration = new Histogram({
    name: 'imc_plan_duration_seconds',
    help: 'Time to build, solve and explain one plan',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly planEventLoopDelay = new Gauge({
    name: 'imc_plan_event_loop_delay_max_seconds',
    help: 'Longest event-loop delay measured while a plan ran, over every plan since start (plans run in a worker thread, so it stays near the 10 ms sampling resolution)',
    registers: [this.registry],
  });
  readonly solverStatus = new Counter({ name: 'imc_solver_status_total', help: 'Plans by solver status', labelNames: ['status'], registers: [this.registry] });
  readonly publishFailures = new Counter({ name: 'imc_publish_failures_total', help: 'Proposals the broker refused for good', registers: [this.registry] });
  readonly plansAhead = new Counter({
    name: 'imc_plans_ahead_total',
    help: 'Plans started ahead of the quiet time: adopted (the plan of the moment) or dropped (a record applied after it started)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly proposalsPublished = new Counter({ name: 'imc_proposals_published_total', help: 'Proposals published', registers: [this.registry] });
  readonly inputWaits = new Counter({ name: 'imc_input_waits_total', help: 'Times a record that moves event time on waited for input partitions behind (IMC_INPUT_IDLE_MS)', registers: [this.registry] });
  readonly inputWaitSeconds = new Histogram({
    name: 'imc_input_wait_seconds',
    help: 'How long a record that moves event time on waited for input partitions behind',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  readonly inputPartitionsGivenUp = new Counter({ name: 'imc_input_partitions_given_up_total', help: 'Input partitions behind that time moved on without, after the idle bound', labelNames: ['topic', 'partition'], registers: [this.registry] });
  readonly lateEvents = new Counter({ name: 'imc_events_late_total', help: 'Events applied with an event time before the world\'s asOf (late), by type', labelNames: ['type'], registers: [this.registry] });
  readonly consumer = new ConsumerGauges(this.registry, 'live consumer');
  readonly consumerLag = new Gauge({ name: 'imc_consumer_lag', help: 'Messages behind the end of each input topic partition', labelNames: ['topic', 'partition'], registers: [this.registry] });

  constructor() {
    collectProcessMetrics(this.registry, 'imc_allocator_');
  }
}
