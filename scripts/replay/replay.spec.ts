import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEvent, parseRecord } from '@imc/contracts';
import { encodeHeaderValue, routeScenario, toMessage } from './replay';

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
