import { DEFAULT_CRISIS_MODEL, resolveCrisisModel } from './crisis-model';

describe('resolveCrisisModel', () => {
  it('is the default model of DESIGN.md when none is given', () => {
    const v = resolveCrisisModel(undefined);
    expect(v).toEqual({ ok: true, model: DEFAULT_CRISIS_MODEL });
    const weights = Object.fromEntries(DEFAULT_CRISIS_MODEL.kinds.map((k) => [k.kind, k.weight]));
    expect(weights).toEqual({ security: 50, election: 25, 'natural-disaster': 15, 'start-up': 10 });
    expect(DEFAULT_CRISIS_MODEL.crisesPer90Days).toBe(2);
  });

  it('replaces only the fields a caller gives', () => {
    const v = resolveCrisisModel({ crisesPer90Days: 5, severity: { min: 5, max: 5 }, missions: ['UNOCI', 'UNMIL'] });
    expect(v.ok && v.model).toEqual({ ...DEFAULT_CRISIS_MODEL, crisesPer90Days: 5, severity: { min: 5, max: 5 }, missions: ['UNMIL', 'UNOCI'] });
  });

  it('names every bad field by its path', () => {
    const v = resolveCrisisModel({
      crisesPer90Days: -1,
      kinds: [{ kind: 'war', weight: 0, scheduled: 'yes', requirements: [{ capability: 'tank', min: 3, max: 2, priority: 11, extra: 1 }] }],
      durationDays: { min: 10, max: 5 },
      color: 'red',
    });
    expect(v.ok).toBe(false);
    const fields = v.ok ? [] : v.errors.map((e) => e.field).sort();
    expect(fields).toEqual(
      [
        'model.color',
        'model.crisesPer90Days',
        'model.durationDays.max',
        'model.kinds[0].kind',
        'model.kinds[0].requirements[0].capability',
        'model.kinds[0].requirements[0].extra',
        'model.kinds[0].requirements[0].max',
        'model.kinds[0].requirements[0].priority',
        'model.kinds[0].scheduled',
        'model.kinds[0].weight',
      ].sort(),
    );
  });

  it('refuses what is not an object, empty lists and duplicate names', () => {
    expect(resolveCrisisModel('busy').ok).toBe(false);
    expect(resolveCrisisModel(null).ok).toBe(false);
    expect(resolveCrisisModel({ kinds: [] }).ok).toBe(false);
    expect(resolveCrisisModel({ missions: ['UNMIL', 'UNMIL'] }).ok).toBe(false);
    const twice = { kind: 'security', weight: 1, scheduled: false, requirements: [{ capability: 'infantry-company', min: 1, max: 1, priority: 1 }, { capability: 'infantry-company', min: 1, max: 1, priority: 1 }] };
    expect(resolveCrisisModel({ kinds: [twice] }).ok).toBe(false);
  });
});
