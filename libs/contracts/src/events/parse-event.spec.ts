import { REFUSED_TIMES } from '../testing/fuzz';
import { parseEvent } from './parse-event';
import { INSTANT_MESSAGE, parseInstant } from './validators';

const envelope = (type: string, data: unknown, extra: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: 'evt-1',
  source: '/test',
  type,
  time: '2010-12-02T00:00:00Z',
  data,
  ...extra,
});

const demand = {
  demandId: 'd-1',
  missionId: 'UNOCI',
  capability: 'infantry-company',
  quantity: 2,
  window: { start: '2010-12-01T00:00:00Z', end: '2011-03-01T00:00:00Z' },
  priority: 8,
  version: 1,
};

describe('parseEvent', () => {
  it('accepts a valid demand from a JSON string', () => {
    const result = parseEvent(JSON.stringify(envelope('imc.demand.raised', demand)));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.event.data).toEqual(demand);
  });

  it('refuses text that is not JSON', () => {
    const result = parseEvent('{"specversion":');
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.reason).toMatch(/^not valid JSON/);
  });

  it('refuses a wrong specversion and a missing id', () => {
    const raw = envelope('imc.clock.ticked', {}, { specversion: '0.3', id: undefined });
    const result = parseEvent(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain('specversion');
      expect(result.reason).toContain('id');
    }
  });

  it('refuses a time that is not ISO 8601', () => {
    const result = parseEvent(envelope('imc.clock.ticked', {}, { time: 'yesterday' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('time:');
  });

  it('refuses a time without a zone, which would be read as local time', () => {
    const result = parseEvent(envelope('imc.clock.ticked', {}, { time: '2010-12-02T00:00:00' }));
    expect(result).toEqual({ ok: false, reason: `not a CloudEvent: time: ${INSTANT_MESSAGE}` });
    expect(parseEvent(envelope('imc.clock.ticked', {}, { time: '2010-12-02T01:00:00+01:00' })).ok).toBe(true);
    const window = { start: '2011-01-01T00:00:00Z', end: '2011-03-01T00:00:00.000Z' };
    expect(parseEvent(envelope('imc.demand.raised', { ...demand, window })).ok).toBe(true);
  });

  it('refuses unknown types and the allocator outputs', () => {
    const unknown = parseEvent(envelope('imc.weather.changed', {}));
    const output = parseEvent(envelope('imc.allocation.proposed', {}));
    expect(unknown).toEqual({ ok: false, reason: 'unknown event type imc.weather.changed' });
    expect(output.ok).toBe(false);
    if (!output.ok) expect(output.reason).toContain('output');
  });

  it('names the nested field that fails, on one line', () => {
    const bad = { ...demand, window: { start: 'soon', end: '2011-03-01T00:00:00Z' } };
    const result = parseEvent(envelope('imc.demand.raised', bad));
    expect(result).toEqual({ ok: false, reason: `data.window.start: ${INSTANT_MESSAGE}` });
  });

  it('refuses a window that ends before it starts', () => {
    const bad = { ...demand, window: { start: '2011-03-01T00:00:00Z', end: '2011-01-01T00:00:00Z' } };
    const result = parseEvent(envelope('imc.demand.raised', bad));
    expect(result).toEqual({ ok: false, reason: 'data.window.end: must be after start' });
  });

  it('refuses unknown fields in data', () => {
    const result = parseEvent(envelope('imc.demand.raised', { ...demand, colour: 'blue' }));
    expect(result).toEqual({ ok: false, reason: 'data.colour: should not exist' });
  });

  it('accepts an empty clock tick and refuses a tick with data', () => {
    expect(parseEvent(envelope('imc.clock.ticked', {})).ok).toBe(true);
    expect(parseEvent(envelope('imc.clock.ticked', { now: 1 })).ok).toBe(false);
  });

  it('accepts a partial policy and validates nested capability entries', () => {
    const ok = parseEvent(envelope('imc.policy.updated', { capabilities: { 'cargo-aircraft': { maxDistanceKm: 9000 } } }));
    expect(ok.ok).toBe(true);
    const bad = parseEvent(envelope('imc.policy.updated', { capabilities: { 'cargo-aircraft': { maxDistanceKm: -1 } } }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/^data\.capabilities\.cargo-aircraft\.maxDistanceKm: /);
    const unknownCap = parseEvent(envelope('imc.policy.updated', { capabilities: { submarine: { maxDistanceKm: 1 } } }));
    expect(unknownCap.ok).toBe(false);
  });

  it('indexes array elements in the path', () => {
    const crisis = {
      crisisId: 'c-1',
      missionId: 'UNOCI',
      kind: 'election',
      scheduled: true,
      severity: 4,
      window: { start: '2010-11-01T00:00:00Z', end: '2011-02-01T00:00:00Z' },
      requirements: [{ capability: 'infantry-company', quantity: 0, priority: 5 }],
      version: 1,
    };
    const result = parseEvent(envelope('imc.crisis.declared', crisis));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^data\.requirements\[0\]\.quantity: /);
  });

  it('accepts the v2 places, a UN contributor and imc.loan.recalled, and refuses a place off the map', () => {
    const unit = { unitId: 'u', missionId: 'UNAMID', capability: 'heavy-engineering-equipment', personnel: 8, aircraft: 0, contributor: 'UN', commercial: false, interMissionClause: false, noticeToMoveDays: 10, status: 'available', version: 1 };
    expect(parseEvent(envelope('imc.unit.upserted', { ...unit, location: { name: 'Bor', lat: 6.21, lon: 31.56 } })).ok).toBe(true);
    expect(parseEvent(envelope('imc.demand.raised', { ...demand, site: { lat: -1.68, lon: 29.22 } })).ok).toBe(true);
    expect(parseEvent(envelope('imc.loan.recalled', { loanId: 'loan-1', recalledAt: '2011-01-10T00:00:00Z', reason: 'needed at home' })).ok).toBe(true);
    expect(parseEvent(envelope('imc.unit.upserted', { ...unit, location: { lat: 95, lon: 31.56 } }))).toEqual({ ok: false, reason: expect.stringContaining('location.lat') });
    expect(parseEvent(envelope('imc.demand.raised', { ...demand, site: { lat: 1, lon: 2, city: 'x' } }))).toEqual({ ok: false, reason: expect.stringContaining('site.city') });
    expect(parseEvent(envelope('imc.loan.recalled', { loanId: 'loan-1', recalledAt: '2011-01-10', reason: '' }))).toEqual({ ok: false, reason: expect.stringContaining('reason') });
    expect(parseEvent(envelope('imc.policy.updated', { overdueConsentDays: 0 }))).toEqual({ ok: false, reason: expect.stringContaining('overdueConsentDays') });
  });

  it('(v3) accepts imc.loan.extended and policy.renewalNoticeDays, and names the field it refuses', () => {
    const extended = { loanId: 'loan-1', returnBy: '2011-03-15T00:00:00Z', extendedAt: '2011-01-10T00:00:00Z', reason: 'S/RES/1967 (2011) renewed the authorization' };
    expect(parseEvent(envelope('imc.loan.extended', extended)).ok).toBe(true);
    expect(parseEvent(envelope('imc.loan.extended', { ...extended, returnBy: 'next spring' }))).toEqual({ ok: false, reason: expect.stringContaining('returnBy') });
    expect(parseEvent(envelope('imc.loan.extended', { ...extended, reason: '' }))).toEqual({ ok: false, reason: expect.stringContaining('reason') });
    expect(parseEvent(envelope('imc.loan.extended', { loanId: 'loan-1', returnBy: extended.returnBy, reason: 'r' }))).toEqual({ ok: false, reason: expect.stringContaining('extendedAt') });
    expect(parseEvent(envelope('imc.loan.extended', { ...extended, until: extended.returnBy }))).toEqual({ ok: false, reason: expect.stringContaining('until') });
    expect(parseEvent(envelope('imc.policy.updated', { renewalNoticeDays: 30 })).ok).toBe(true);
    expect(parseEvent(envelope('imc.policy.updated', { renewalNoticeDays: -1 }))).toEqual({ ok: false, reason: expect.stringContaining('renewalNoticeDays') });
  });

  it('accepts the scenario-file shorthand of a decision', () => {
    const decision = { decisionId: 'dec-1', proposalId: 'latest', loanIds: ['*'], decision: 'approved', reviewer: 'ops', version: 1 };
    expect(parseEvent(envelope('imc.allocation.decided', decision)).ok).toBe(true);
  });
});

// Issue 9: inputs that used to throw out of parseEvent, or were read differently per machine.
describe('parseEvent never throws and refuses what the domain cannot read', () => {
  const tick = (extra: Record<string, unknown> = {}, data: unknown = {}) => JSON.stringify(envelope('imc.clock.ticked', data, extra));

  it.each(['constructor', '__proto__', 'prototype'])('refuses a %s key as an unknown field, in data and deeper', (key) => {
    const top = `{"specversion":"1.0","id":"e","source":"/s","type":"imc.clock.ticked","time":"2010-12-02T00:00:00Z","data":{"${key}":1}}`;
    expect(parseEvent(top)).toEqual({ ok: false, reason: `data.${key}: should not exist` });
    const nested = JSON.stringify(envelope('imc.demand.raised', demand)).replace('"start"', `"${key}":{"a":1},"start"`);
    expect(parseEvent(nested)).toEqual({ ok: false, reason: `data.window.${key}: should not exist` });
    const onEnvelope = top.replace('"specversion"', `"${key}":"x","specversion"`);
    expect(parseEvent(onEnvelope)).toEqual({ ok: false, reason: `${key}: should not exist` });
  });

  it('refuses a __proto__ key in an already parsed value too (what-if bodies)', () => {
    const value = JSON.parse(tick({}, JSON.parse('{"__proto__":{"x":1}}'))) as unknown;
    expect(parseEvent(value)).toEqual({ ok: false, reason: 'data.__proto__: should not exist' });
  });

  it('refuses deep nesting before parsing, as text and as a value', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const text = tick({ ext: 0 }).replace('"ext":0', `"ext":${deep}`);
    expect(parseEvent(text)).toEqual({ ok: false, reason: 'too deeply nested: JSON deeper than 64 levels' });
    expect(parseEvent(JSON.parse(text))).toEqual({ ok: false, reason: 'too deeply nested: JSON deeper than 64 levels' });
    expect(parseEvent('['.repeat(100_000))).toEqual({ ok: false, reason: 'too deeply nested: JSON deeper than 64 levels' });
    // Brackets inside strings are not nesting.
    expect(parseEvent(tick({ note: '[[[[{{{{'.repeat(100) })).ok).toBe(true);
  });

  it('refuses a value over the size bound', () => {
    const result = parseEvent(tick({ note: 'x'.repeat(1024 * 1024) }));
    expect(result).toEqual({ ok: false, reason: 'too large: over 1048576 bytes' });
  });

  it('accepts bytes as well as text', () => {
    expect(parseEvent(Buffer.from(tick()))).toMatchObject({ ok: true });
  });

  it.each([...REFUSED_TIMES])('refuses the time %s in the envelope and in data', (time) => {
    expect(parseEvent(tick({ time }))).toEqual({ ok: false, reason: `not a CloudEvent: time: ${INSTANT_MESSAGE}` });
    const result = parseEvent(JSON.stringify(envelope('imc.demand.raised', { ...demand, window: { start: time, end: '2013-01-01T00:00:00Z' } })));
    expect(result).toEqual({ ok: false, reason: `data.window.start: ${INSTANT_MESSAGE}` });
  });

  it.each([
    ['2010-12-02T00:00:00Z', '2010-12-02T00:00:00.000Z'],
    ['2010-12-02T01:30:00+01:30', '2010-12-02T00:00:00.000Z'],
    ['2010-12-01T23:00:00-01:00', '2010-12-02T00:00:00.000Z'],
    ['2010-12-02T00:00:00.123456789Z', '2010-12-02T00:00:00.123Z'],
    ['2012-02-29T00:00:00Z', '2012-02-29T00:00:00.000Z'],
    ['0050-01-01T00:00:00Z', '0050-01-01T00:00:00.000Z'],
  ])('reads %s as %s whatever the time zone of the machine', (time, utc) => {
    expect(parseEvent(tick({ time })).ok).toBe(true);
    expect(new Date(parseInstant(time)!).toISOString()).toBe(utc);
  });

  it('refuses "version": null in a policy instead of treating it as no version', () => {
    const result = parseEvent(JSON.stringify(envelope('imc.policy.updated', { version: null })));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^data\.version: /) });
    expect(parseEvent(JSON.stringify(envelope('imc.policy.updated', { maxLoanDays: null }))).ok).toBe(false);
    expect(parseEvent(JSON.stringify(envelope('imc.policy.updated', {}))).ok).toBe(true);
  });
});
