import { Gauge, Registry } from 'prom-client';
import { CONSUMER_PROBLEMS, ConsumerVerdict } from './consumer-health';

/**
 * A live consumer's readiness verdict on /metrics, the same two gauges in both services:
 * imc_consumer_ready (1 or 0) and imc_consumer_problem{problem} (1 for the reason it is not ready).
 */
export class ConsumerGauges {
  private readonly ready: Gauge;
  private readonly problem: Gauge<'problem'>;

  /** `which` names the consumer in the help text, e.g. "live consumer", "read model consumer". */
  constructor(registry: Registry, which: string) {
    this.ready = new Gauge({ name: 'imc_consumer_ready', help: `1 when the ${which} runs and keeps up; 0 when stopped, crash-looping or stalled`, registers: [registry] });
    this.problem = new Gauge({ name: 'imc_consumer_problem', help: `1 for the reason the ${which} is not ready (stopped, crash-looping, stalled)`, labelNames: ['problem'], registers: [registry] });
  }

  /** Sets both gauges from the verdict and returns it, so a readiness check can record as it asks. */
  record(verdict: ConsumerVerdict): ConsumerVerdict {
    this.ready.set(verdict.ok ? 1 : 0);
    for (const problem of CONSUMER_PROBLEMS) this.problem.set({ problem }, verdict.reason?.startsWith(`${problem}:`) ? 1 : 0);
    return verdict;
  }
}
