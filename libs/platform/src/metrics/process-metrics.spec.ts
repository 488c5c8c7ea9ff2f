import { createServer } from 'node:net';
import { Registry } from 'prom-client';
import { collectProcessMetrics } from './process-metrics';

describe('collectProcessMetrics', () => {
  it('exports the active handles, requests and resources totals as gauges not named like counters', async () => {
    const registry = new Registry();
    collectProcessMetrics(registry, 'imc_test_');
    // A handle of our own (a listening socket: timers are not counted as handles), so the count
    // cannot be 0 in a jest worker that holds none (CI met one).
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const text = await registry.metrics().finally(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const gauges = [...text.matchAll(/^# TYPE (\S+) gauge$/gm)].map((m) => m[1]);
    expect(gauges.filter((name) => name.endsWith('_total'))).toEqual([]);
    for (const kind of ['handles', 'requests', 'resources']) {
      expect(gauges).toContain(`imc_test_nodejs_active_${kind}_all`);
      expect(gauges).toContain(`imc_test_nodejs_active_${kind}`);
    }
    // The same figure as the per-type gauge summed.
    const sample = (name: string): number[] => [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((m) => Number(m[1]));
    const all = sample('imc_test_nodejs_active_handles_all');
    expect(all).toHaveLength(1);
    expect(all[0]).toBeGreaterThan(0);
    expect(all[0]).toBe(sample('imc_test_nodejs_active_handles').reduce((a, b) => a + b, 0));
    expect(gauges).toContain('imc_test_process_resident_memory_bytes');
  });
});
