import { parseEvent } from './parse-event';

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
    expect(result).toEqual({ ok: false, reason: 'not a CloudEvent: time: must be an ISO 8601 date, or date-time with Z or an offset' });
    expect(parseEvent(envelope('imc.clock.ticked', {}, { time: '2010-12-02T01:00:00+01:00' })).ok).toBe(true);
    const window = { start: '2011-01-01', end: '2011-03-01T00:00:00.000Z' };
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
    expect(result).toEqual({ ok: false, reason: 'data.window.start: must be a valid ISO 8601 date string' });
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

  it('accepts the scenario-file shorthand of a decision', () => {
    const decision = { decisionId: 'dec-1', proposalId: 'latest', loanIds: ['*'], decision: 'approved', reviewer: 'ops', version: 1 };
    expect(parseEvent(envelope('imc.allocation.decided', decision)).ok).toBe(true);
  });
});
