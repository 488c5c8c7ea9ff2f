import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { collectProcessMetrics, ConsumerGauges } from '@imc/platform';

/** The planner API's Prometheus metrics, on a registry of its own. */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'imc_api_requests_total',
    help: 'HTTP requests handled, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly requestSeconds = new Histogram({
    name: 'imc_api_request_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly published = new Counter({
    name: 'imc_api_events_published_total',
    help: 'Events the API published and the broker acknowledged, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly decisionConflicts = new Counter({
    name: 'imc_api_decision_conflicts_total',
    help: 'Decisions and returns refused with 409',
    registers: [this.registry],
  });

  readonly recordsRead = new Counter({
    name: 'imc_api_read_model_records_total',
    help: 'Records the read model applied, by topic and outcome',
    labelNames: ['topic', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly consumer = new ConsumerGauges(this.registry, 'read model consumer');

  readonly proposals = new Gauge({
    name: 'imc_api_read_model_proposals',
    help: 'Proposals held by the read model',
    registers: [this.registry],
  });

  readonly whatIfSeconds = new Histogram({
    name: 'imc_api_what_if_seconds',
    help: 'What-if planning duration',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly whatIfRefused = new Counter({
    name: 'imc_api_what_if_refused_total',
    help: 'What-ifs refused with 429 because the what-if workers and their queue were full',
    registers: [this.registry],
  });

  readonly limitRefusals = new Counter({
    name: 'imc_api_limit_refusals_total',
    help: 'Streams and stress tests refused by a cap, by what and by which cap (identity or process)',
    labelNames: ['what', 'cap'],
    registers: [this.registry],
  });

  constructor() {
    collectProcessMetrics(this.registry, 'imc_api_');
  }
}
