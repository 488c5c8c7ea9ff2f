import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEvent, parseRecord } from '@imc/contracts';
import { encodeHeaderValue, momentEnd, RoutedLine, routeScenario, toMessage } from './replay';

const SCENARIOS = join(__dirname, '..', '..', 'scenarios');

describe('replay content modes', () => {
  it('percent-encodes what is not printable ASCII, and % itself', () => {
    expect(encodeHeaderValue('/dpo/situation centre 100% é')).toBe('/dpo/situation%20centre%20100%25%20%C3%A9');
    expect(decodeURIComponent(encodeHeaderValue('a b%é"'))).toBe('a b%é"');
  });

  it('sends every line of every scenario so that the allocator reads the same event in both modes', () => {
    const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.jsonl'));
    expect(files.length).toBeGreaterThan(3);
    let checked = 0;
    for (const file of files) {
      for (const r of routeScenario(readFileSync(join(SCENARIOS, file), 'utf8')).routed) {
        const expected = parseEvent(r.value);
        const structured = toMessage(r, 'structured');
        const binary = toMessage(r, 'binary');
        expect(structured.headers).toEqual({ 'content-type': 'application/cloudevents+json' });
        const fromStructured = parseRecord(r.topic, Buffer.from(structured.value), structured.headers);
        const fromBinary = parseRecord(r.topic, Buffer.from(binary.value), binary.headers);
        expect(fromStructured.ok).toBe(expected.ok);
        if (expected.ok && fromBinary.ok && fromStructured.ok) {
          expect(fromStructured.event).toEqual(expected.event);
          // Binary mode names the data's media type; everything else is the same event.
          expect({ ...fromBinary.event, datacontenttype: undefined }).toEqual({ ...expected.event, datacontenttype: undefined });
          checked++;
        } else {
          expect(fromBinary.ok).toBe(expected.ok);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('replay by moment', () => {
  const at = (time: string | undefined, line: number): RoutedLine => ({ line, topic: 't', key: null, value: '{}', time });

  it('sends a moment whole: the lines up to the next later time, an earlier line staying in it', () => {
    const lines = [at('2012-01-01T00:00:00Z', 1), at('2012-01-01T00:00:00Z', 2), at('2011-12-31T00:00:00Z', 3), at('2012-01-02T00:00:00Z', 4), at('2012-01-02T00:00:00.000Z', 5)];
    expect(momentEnd(lines, 0)).toBe(3);
    expect(momentEnd(lines, 3)).toBe(5);
    expect(momentEnd(lines, 4)).toBe(5);
  });

  it('sends a line without a readable time alone, and ends a moment before one', () => {
    const lines = [at('2012-01-01T00:00:00Z', 1), at('not a time', 2), at(undefined, 3), at('2012-01-01T00:00:00Z', 4)];
    expect(momentEnd(lines, 0)).toBe(1);
    expect(momentEnd(lines, 1)).toBe(2);
    expect(momentEnd(lines, 2)).toBe(3);
    expect(momentEnd(lines, 3)).toBe(4);
  });

  it('cuts the demo only where plan re-plans: every moment after the first starts later than all before it', () => {
    const { routed } = routeScenario(readFileSync(join(SCENARIOS, 'demo-2010-2012.jsonl'), 'utf8'));
    let latest = -Infinity;
    let moments = 0;
    for (let i = 0; i < routed.length; i = momentEnd(routed, i)) {
      const starts = Date.parse(routed[i].time ?? '');
      expect(starts).toBeGreaterThan(latest);
      for (const r of routed.slice(i, momentEnd(routed, i))) latest = Math.max(latest, Date.parse(r.time ?? ''));
      moments++;
    }
    // Fewer sends than lines: the demo has moments of several events.
    expect(moments).toBeLessThan(routed.length);
    expect(moments).toBeGreaterThan(10);
  });
});
