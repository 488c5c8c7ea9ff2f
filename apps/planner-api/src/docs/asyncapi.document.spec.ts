import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { EVENT_TYPES, TOPIC_SPECS, topicConfig, TOPICS } from '@imc/contracts';
import { findAsyncApiFile } from './asyncapi.document';

describe('docs/asyncapi.yaml', () => {
  const file = findAsyncApiFile();

  it('is found from the API sources', () => {
    expect(file).toBeDefined();
  });

  it('parses with the AsyncAPI parser without errors and names every topic and event type of the contract', async () => {
    const { document, diagnostics } = await new Parser().parse(readFileSync(file ?? '', 'utf8'));
    // Severity 0 is an error in the parser's diagnostics.
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document).toBeDefined();
    const addresses = document!.channels().all().map((c) => c.address());
    expect([...addresses].sort()).toEqual(Object.values(TOPICS).sort());
    const names = new Set(document!.allMessages().all().map((m) => m.name()));
    for (const type of Object.keys(EVENT_TYPES)) expect(names).toContain(type);
    // Compacted where the contract says.
    for (const spec of TOPIC_SPECS) {
      const channel = document!.channels().all().find((c) => c.address() === spec.name);
      const kafka = channel?.bindings().get('kafka')?.value() as { topicConfiguration?: Record<string, string[]> } | undefined;
      expect([spec.name, kafka?.topicConfiguration?.['cleanup.policy']]).toEqual([spec.name, [spec.retention === 'compact' ? 'compact' : 'delete']]);
      // Retention as the services create the topic (topicConfig), so the document does not promise less.
      const config = topicConfig(spec);
      const retention = kafka?.topicConfiguration as Record<string, unknown> | undefined;
      expect([spec.name, retention?.['retention.ms'], retention?.['retention.bytes']]).toEqual([
        spec.name,
        config['retention.ms'] === undefined ? undefined : Number(config['retention.ms']),
        config['retention.bytes'] === undefined ? undefined : Number(config['retention.bytes']),
      ]);
    }
  });

  it('describes both content modes on the inputs and the structured content-type on the outputs', async () => {
    const { document } = await new Parser().parse(readFileSync(file ?? '', 'utf8'));
    const message = (name: string) => document!.allMessages().all().find((m) => m.name() === name);
    for (const type of ['imc.demand.raised', 'imc.allocation.decided', 'imc.clock.ticked']) {
      expect(Object.keys(message(type)?.headers()?.properties() ?? {})).toEqual(expect.arrayContaining(['content-type', 'ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time']));
    }
    for (const type of ['imc.allocation.proposed', 'imc.loan.updated']) {
      expect(message(type)?.headers()?.properties()?.['content-type']?.const()).toBe('application/cloudevents+json');
    }
  });
});
