import { Generations, isTransient, retryDelayMs } from './refresh';

describe('the page\'s refresh rules', () => {
  it('retries what may answer differently soon, not what would be refused again', () => {
    expect([0, 429, 502, 503, 504].filter(isTransient)).toEqual([0, 429, 502, 503, 504]);
    expect([200, 400, 401, 403, 404, 409, 500, 501].filter(isTransient)).toEqual([]);
  });

  it('waits 1 s after a first failure, doubling up to 15 s', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(retryDelayMs(0)).toBe(1000);
  });

  it('lets only the latest load of a part through, whatever order the answers come in', () => {
    const g = new Generations<'proposal' | 'loans'>();
    const first = g.next('proposal');
    const second = g.next('proposal');
    const loans = g.next('loans');
    // The second request's answer came first; the first one's, arriving later, is stale.
    expect(g.isLatest('proposal', second)).toBe(true);
    expect(g.isLatest('proposal', first)).toBe(false);
    expect(g.isLatest('loans', loans)).toBe(true);
    g.forgetAll();
    expect(g.isLatest('proposal', second)).toBe(false);
    expect(g.isLatest('loans', loans)).toBe(false);
  });
});
