import { randomKey, WriteKeys } from './write-keys';

describe('the console\'s Idempotency-Keys', () => {
  const keys = () => {
    let n = 0;
    return new WriteKeys(() => `k${++n}`);
  };

  it('sends the same key again for the same write after no definite answer (a 503, no answer, a 429)', () => {
    const w = keys();
    for (const status of [503, 0, 429, 502]) {
      const key = w.keyFor('POST', '/v1/loans/l-1/recall', '{"a":1}');
      w.settle('POST', '/v1/loans/l-1/recall', '{"a":1}', status);
      expect(w.keyFor('POST', '/v1/loans/l-1/recall', '{"a":1}')).toBe(key);
    }
  });

  it('makes a new key after a definite answer, and for another write', () => {
    const w = keys();
    const first = w.keyFor('POST', '/p', '{}');
    expect(w.keyFor('POST', '/p', '{"b":2}')).not.toBe(first);
    expect(w.keyFor('POST', '/q', '{}')).not.toBe(first);
    for (const status of [202, 409, 400, 422]) {
      const key = w.keyFor('POST', '/p', '{}');
      w.settle('POST', '/p', '{}', status);
      expect(w.keyFor('POST', '/p', '{}')).not.toBe(key);
    }
  });

  it('makes UUID-shaped keys the API accepts', () => {
    expect(randomKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
