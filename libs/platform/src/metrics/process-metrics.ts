import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/**
 * prom-client's default gauges that end in `_total`, a suffix Prometheus keeps for counters
 * (promtool check metrics flags them). Each is the sum over `type` of the gauge of the same name
 * without `_total`, so it is kept under `_all` instead.
 */
const TOTAL_GAUGES = ['nodejs_active_handles', 'nodejs_active_requests', 'nodejs_active_resources'] as const;

/**
 * Node's process metrics (CPU, memory, event loop, GC, handles) on `registry`, every name with
 * `prefix`, and no gauge named like a counter: `<prefix>nodejs_active_handles_total` is exported as
 * `<prefix>nodejs_active_handles_all` (same value, same help), likewise requests and resources.
 */
export function collectProcessMetrics(registry: Registry, prefix: string): void {
  collectDefaultMetrics({ register: registry, prefix });
  for (const base of TOTAL_GAUGES) {
    const original = registry.getSingleMetric(`${prefix}${base}_total`);
    if (!original) continue; // a Node.js without this figure (active resources need Node 17+)
    registry.removeSingleMetric(`${prefix}${base}_total`);
    new Gauge({
      name: `${prefix}${base}_all`,
      help: `${base.replace('nodejs_active_', 'Active ')} of every type together (prom-client's ${base}_total)`,
      registers: [registry],
      async collect() {
        const { values } = await original.get();
        this.set(values[0]?.value ?? 0);
      },
    });
  }
}
