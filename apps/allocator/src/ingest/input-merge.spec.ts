import { InputMerge, MergeRecord } from './input-merge';

const T = (iso: string): number => Date.parse(iso);
const rec = (offset: number, time: string | undefined, name: string): MergeRecord<string> => ({ offset: String(offset), timeMs: time === undefined ? undefined : T(time), payload: name });

function taken(merge: InputMerge<string>, asOf: string | undefined, now: number): string | { wait: string[] } | 'empty' {
  const step = merge.next(asOf === undefined ? undefined : T(asOf), now);
  if (step.kind === 'record') return step.record.payload;
  if (step.kind === 'wait') return { wait: step.on.map((p) => `${p.topic}/${p.partition}`) };
  return 'empty';
}

describe('InputMerge (event time across input partitions)', () => {
  const parts = [
    { topic: 'imc.demands', partition: 0 },
    { topic: 'imc.consents', partition: 0 },
  ];

  it('takes the earliest head first across partitions, each partition in offset order', () => {
    const m = new InputMerge<string>(1000);
    m.assign(parts);
    m.add('imc.demands', 0, [rec(0, '2011-01-02T00:00:00Z', 'd0'), rec(1, '2011-01-04T00:00:00Z', 'd1')], '1', '2');
    m.add('imc.consents', 0, [rec(0, '2011-01-03T00:00:00Z', 'c0')], '0', '1');
    expect(taken(m, undefined, 0)).toBe('d0');
    expect(taken(m, '2011-01-02T00:00:00Z', 0)).toBe('c0');
    expect(taken(m, '2011-01-03T00:00:00Z', 0)).toBe('d1');
    expect(taken(m, '2011-01-04T00:00:00Z', 0)).toBe('empty');
  });

  it('holds a record that moves time on while a partition is behind its end offset, until that partition delivers', () => {
    const m = new InputMerge<string>(1000);
    m.assign(parts);
    m.add('imc.demands', 0, [rec(5, '2011-01-05T00:00:00Z', 'd5')], '5', '6');
    m.startAt('imc.consents', 0, '3');
    m.learnEnd('imc.consents', 0, '4'); // one record on the broker, not fetched yet
    expect(taken(m, '2011-01-01T00:00:00Z', 100)).toEqual({ wait: ['imc.consents/0'] });
    expect(taken(m, '2011-01-01T00:00:00Z', 600)).toEqual({ wait: ['imc.consents/0'] });
    // The held-back record arrives, earlier than the one waiting: it goes first.
    m.add('imc.consents', 0, [rec(3, '2011-01-03T00:00:00Z', 'c3')], '3', '4');
    expect(taken(m, '2011-01-01T00:00:00Z', 700)).toBe('c3');
    expect(taken(m, '2011-01-03T00:00:00Z', 700)).toBe('d5');
  });

  it('does not wait for a partition caught up to its end offset, nor for a record of the same moment or earlier', () => {
    const m = new InputMerge<string>(1000);
    m.assign(parts);
    m.startAt('imc.consents', 0, '7');
    m.learnEnd('imc.consents', 0, '7', 20);
    m.add('imc.demands', 0, [rec(0, '2011-01-05T00:00:00Z', 'd0')], '0', '1', 20);
    expect(taken(m, '2011-01-01T00:00:00Z', 20)).toBe('d0');

    const behind = new InputMerge<string>(1000);
    behind.assign(parts); // consents: position and end unknown, so behind
    behind.add('imc.demands', 0, [rec(0, '2011-01-05T00:00:00Z', 'same'), rec(1, '2011-01-04T00:00:00Z', 'earlier')], '1', '2');
    expect(taken(behind, '2011-01-05T00:00:00Z', 0)).toBe('same');
    expect(taken(behind, '2011-01-05T00:00:00Z', 0)).toBe('earlier');
  });

  it('does not trust an end offset learned before the waiting record arrived (its leader may be lost since)', () => {
    const m = new InputMerge<string>(1000);
    m.assign(parts);
    m.startAt('imc.consents', 0, '7');
    m.learnEnd('imc.consents', 0, '7', 10);
    m.add('imc.demands', 0, [rec(0, '2011-01-05T00:00:00Z', 'd0')], '0', '1', 20);
    expect(taken(m, '2011-01-01T00:00:00Z', 20)).toEqual({ wait: ['imc.consents/0'] });
    m.learnEnd('imc.consents', 0, '7', 30); // asked again: still 7, caught up
    expect(taken(m, '2011-01-01T00:00:00Z', 30)).toBe('d0');
  });

  it('gives a silent partition up after the idle bound, counted from when the wait began, and says which', () => {
    const m = new InputMerge<string>(1000);
    m.assign(parts);
    m.add('imc.demands', 0, [rec(0, '2011-01-05T00:00:00Z', 'd0')], '0', '1');
    expect(taken(m, '2011-01-01T00:00:00Z', 5000)).toEqual({ wait: ['imc.consents/0'] });
    expect(taken(m, '2011-01-01T00:00:00Z', 5999)).toEqual({ wait: ['imc.consents/0'] });
    const step = m.next(T('2011-01-01T00:00:00Z'), 6000);
    expect(step).toMatchObject({ kind: 'record', record: { payload: 'd0' }, givenUp: [{ topic: 'imc.consents', partition: 0 }], waitedMs: 1000 });
  });

  it('takes a record without a readable time first and without waiting (it is dead-lettered)', () => {
    const m = new InputMerge<string>(1000);
    m.assign(parts);
    m.add('imc.demands', 0, [rec(0, '2011-01-05T00:00:00Z', 'd0')], '0', '1');
    m.add('imc.consents', 0, [rec(0, undefined, 'poison')], '0', '1');
    expect(taken(m, '2011-01-01T00:00:00Z', 0)).toBe('poison');
  });

  it('skips records fetched again after a rebalance, and moves the position past control records', () => {
    const m = new InputMerge<string>(1000);
    m.assign(parts);
    m.add('imc.demands', 0, [rec(0, '2011-01-02T00:00:00Z', 'd0'), rec(1, '2011-01-03T00:00:00Z', 'd1')], '2', '3'); // offset 2: a commit marker
    m.add('imc.demands', 0, [rec(0, '2011-01-02T00:00:00Z', 'd0 again'), rec(1, '2011-01-03T00:00:00Z', 'd1 again')], '2', '3');
    expect(m.buffered('imc.demands', 0)).toBe(2);
    m.startAt('imc.consents', 0, '0');
    m.learnEnd('imc.consents', 0, '0');
    expect(taken(m, undefined, 0)).toBe('d0');
    expect(taken(m, '2011-01-02T00:00:00Z', 0)).toBe('d1');
    expect(m.behind()).toEqual([]);
  });

  it('drops the buffers of partitions no longer assigned', () => {
    const m = new InputMerge<string>(1000);
    m.assign(parts);
    m.add('imc.consents', 0, [rec(0, '2011-01-02T00:00:00Z', 'c0')], '0', '1');
    m.assign([parts[0]]);
    expect(m.totalBuffered()).toBe(0);
  });

  describe('a moment with facts and decisions', () => {
    const order = ['imc.missions', 'imc.crises', 'imc.decisions'];
    const moment = [
      { topic: 'imc.missions', partition: 0 },
      { topic: 'imc.crises', partition: 0 },
      { topic: 'imc.decisions', partition: 0 },
    ];
    const merge = () => new InputMerge<string>(1000, (topic) => order.indexOf(topic), (topic) => topic === 'imc.decisions');

    it('applies the facts of one event time before its decisions, whatever order they arrived in', () => {
      const m = merge();
      m.assign(moment);
      // The extension arrives first, then the crisis update it needs, then the mission: all at 07-20.
      m.add('imc.decisions', 0, [rec(0, '2012-07-20T00:00:00Z', 'extension')], '0', '1');
      m.add('imc.crises', 0, [rec(0, '2012-07-20T00:00:00Z', 'crisis updated')], '0', '1');
      m.add('imc.missions', 0, [rec(0, '2012-07-20T00:00:00Z', 'mission')], '0', '1');
      expect([taken(m, '2012-07-19T00:00:00Z', 0), taken(m, '2012-07-20T00:00:00Z', 0), taken(m, '2012-07-20T00:00:00Z', 0)]).toEqual(['mission', 'crisis updated', 'extension']);
    });

    it('holds a decision of the current moment while a partition is behind (a fact of its moment may still be on the broker)', () => {
      const m = merge();
      m.assign(moment);
      m.add('imc.missions', 0, [], '0', '1');
      m.add('imc.decisions', 0, [rec(0, '2012-07-20T00:00:00Z', 'extension')], '0', '1');
      m.startAt('imc.crises', 0, '0');
      m.learnEnd('imc.crises', 0, '1', 50); // the crisis update is on the broker, not fetched yet
      // Not a record that moves time (asOf is 07-20 already), yet it waits.
      expect(taken(m, '2012-07-20T00:00:00Z', 100)).toEqual({ wait: ['imc.crises/0'] });
      m.add('imc.crises', 0, [rec(0, '2012-07-20T00:00:00Z', 'crisis updated')], '0', '1');
      expect(taken(m, '2012-07-20T00:00:00Z', 150)).toBe('crisis updated');
      expect(taken(m, '2012-07-20T00:00:00Z', 150)).toBe('extension');
    });

    it('without the judged rule, the same decision goes at once', () => {
      const m = new InputMerge<string>(1000, (topic) => order.indexOf(topic));
      m.assign(moment);
      m.add('imc.missions', 0, [], '0', '1');
      m.add('imc.decisions', 0, [rec(0, '2012-07-20T00:00:00Z', 'extension')], '0', '1');
      m.startAt('imc.crises', 0, '0');
      m.learnEnd('imc.crises', 0, '1', 50);
      expect(taken(m, '2012-07-20T00:00:00Z', 100)).toBe('extension');
    });
  });
});
