import { TOPICS } from '../topics';
import { parseRecord } from './parse-record';

const data = { demandId: 'd-1', missionId: 'UNOCI', capability: 'infantry-company', quantity: 2, window: { start: '2010-12-01T00:00:00Z', end: '2011-03-01T00:00:00Z' }, priority: 8, version: 1 };
const structured = { specversion: '1.0', id: 'evt-1', source: '/dpo/situation-centre', type: 'imc.demand.raised', time: '2010-12-02T00:00:00Z', data };
const binaryHeaders = { ce_specversion: '1.0', ce_id: 'evt-1', ce_source: '/dpo/situation-centre', ce_type: 'imc.demand.raised', ce_time: '2010-12-02T00:00:00Z', 'content-type': 'application/json' };

describe('parseRecord', () => {
  it('reads structured mode with the CloudEvents content-type, or with none', () => {
    for (const headers of [{ 'content-type': 'application/cloudevents+json; charset=utf-8' }, {}, undefined]) {
      const result = parseRecord(TOPICS.demands, Buffer.from(JSON.stringify(structured)), headers);
      expect(result).toEqual({ ok: true, mode: 'structured', event: structured });
    }
  });

  it('reads binary mode into the same event, header names in any case, values as bytes or text', () => {
    const headers = { ...Object.fromEntries(Object.entries(binaryHeaders).map(([k, v]) => [k.toUpperCase(), Buffer.from(v)])) };
    const result = parseRecord(TOPICS.demands, Buffer.from(JSON.stringify(data)), headers);
    expect(result).toEqual({ ok: true, mode: 'binary', event: { ...structured, datacontenttype: 'application/json' } });
  });

  it('percent-decodes header values and keeps extension attributes', () => {
    const headers = { ...binaryHeaders, ce_source: '/dpo/situation%20centre%2F%C3%A9', ce_traceparent: '00-abc' };
    const result = parseRecord(TOPICS.demands, JSON.stringify(data), headers);
    expect(result.ok && result.event).toMatchObject({ source: '/dpo/situation centre/é', traceparent: '00-abc' });
    expect(parseRecord(TOPICS.demands, JSON.stringify(data), { ...binaryHeaders, ce_source: '%E0%A4%A' })).toEqual({ ok: false, reason: 'binary mode: header ce_source is not valid percent-encoding' });
  });

  it.each(['specversion', 'id', 'source', 'type', 'time'])('refuses a binary record without ce_%s, naming it', (attribute) => {
    const headers: Record<string, string> = { ...binaryHeaders };
    delete headers[`ce_${attribute}`];
    expect(parseRecord(TOPICS.demands, JSON.stringify(data), headers)).toEqual({ ok: false, reason: `binary mode: missing header ce_${attribute} (required attribute ${attribute})` });
  });

  it('validates binary data exactly as structured data, with the same reasons', () => {
    const bad = { ...data, quantity: -1, extra: true };
    const viaBinary = parseRecord(TOPICS.demands, JSON.stringify(bad), binaryHeaders);
    const viaStructured = parseRecord(TOPICS.demands, JSON.stringify({ ...structured, data: bad }));
    expect(viaBinary).toEqual(viaStructured);
    expect(viaBinary.ok).toBe(false);
    expect(parseRecord(TOPICS.demands, JSON.stringify(data), { ...binaryHeaders, ce_time: '2012-11-27T00' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^not a CloudEvent: time: must be an RFC 3339/) });
  });

  it('refuses mixed modes, batches, non-JSON data, tombstones and deep data with a reason', () => {
    expect(parseRecord(TOPICS.demands, JSON.stringify(structured), { 'content-type': 'application/cloudevents+json', ce_id: 'x' })).toEqual({ ok: false, reason: 'mixed content modes: structured content-type application/cloudevents+json with binary header ce_id' });
    expect(parseRecord(TOPICS.demands, '[]', { 'content-type': 'application/cloudevents-batch+json' })).toMatchObject({ ok: false, reason: expect.stringContaining('no batches') });
    expect(parseRecord(TOPICS.demands, 'a,b', { ...binaryHeaders, 'content-type': 'text/csv' })).toEqual({ ok: false, reason: 'binary mode: content-type text/csv is not JSON; every payload of the contract is JSON' });
    expect(parseRecord(TOPICS.demands, null, binaryHeaders)).toEqual({ ok: false, reason: 'binary mode: no data: a tombstone or no value' });
    expect(parseRecord(TOPICS.demands, null)).toEqual({ ok: false, reason: 'empty message: a tombstone or no value' });
    expect(parseRecord(TOPICS.demands, '['.repeat(10_000), binaryHeaders)).toEqual({ ok: false, reason: 'data too deeply nested: JSON deeper than 64 levels' });
    expect(parseRecord(TOPICS.demands, '{"constructor":{}}', binaryHeaders)).toEqual({ ok: false, reason: 'data.constructor: should not exist' });
    expect(parseRecord(TOPICS.demands, '{}', { ...binaryHeaders, ce_data: '{}' })).toEqual({ ok: false, reason: 'binary mode: header ce_data is not a CloudEvents attribute' });
  });

  it('checks that the type belongs on the topic, in both modes', () => {
    expect(parseRecord(TOPICS.units, JSON.stringify(structured))).toEqual({ ok: false, reason: 'wrong topic: imc.demand.raised belongs on imc.demands, not imc.units' });
    expect(parseRecord(TOPICS.units, JSON.stringify(data), binaryHeaders)).toEqual({ ok: false, reason: 'wrong topic: imc.demand.raised belongs on imc.demands, not imc.units' });
  });
});
