import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyTopics, demoEventIds, eventIdOf } from './demo-world';

const DEMO = readFileSync(join(__dirname, '..', '..', 'scenarios', 'demo-2010-2012.jsonl'), 'utf8');

describe('what npm start finds on the topics', () => {
  const ids = demoEventIds(DEMO);

  it('takes the demo ids from the file, in order, one per event it would send', () => {
    const events = DEMO.split('\n').filter((l) => l.trim().startsWith('{'));
    expect(ids).toHaveLength(events.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe((JSON.parse(events[0]) as { id: string }).id);
  });

  it('is in time order: a live allocator reads the topics in event time, so only then is its history plan --all\'s', () => {
    const times = DEMO.split('\n').filter((l) => l.trim().startsWith('{')).map((l) => Date.parse((JSON.parse(l) as { time: string }).time));
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    const backwards = times.map((t, i) => (i > 0 && t < times[i - 1] ? i + 1 : 0)).filter((n) => n > 0);
    expect(backwards).toEqual([]);
  });

  it('reads an id from a structured JSON value or, in binary mode, from the ce_id header', () => {
    expect(eventIdOf('{"id":"evt-1","type":"x"}', {})).toBe('evt-1');
    expect(eventIdOf('{"missionId":"UNMIL"}', { ce_id: 'evt-2' })).toBe('evt-2');
    expect(eventIdOf('{}', { ce_id: 'evt%203' })).toBe('evt 3');
    expect(eventIdOf('not json', {})).toBeNull();
    expect(eventIdOf(null, {})).toBeNull();
  });

  it('empty topics: load the demo', () => {
    expect(classifyTopics(ids, [])).toEqual({ kind: 'empty', total: ids.length });
  });

  it('a prefix of the demo (an interrupted load): resume with exactly the missing events', () => {
    const sent = ids.slice(0, 40);
    const finding = classifyTopics(ids, [...sent].reverse());
    expect(finding).toEqual({ kind: 'partial', total: ids.length, present: 40, missing: ids.slice(40) });
  });

  it('the whole demo, even twice over: complete', () => {
    expect(classifyTopics(ids, [...ids, ...ids])).toEqual({ kind: 'complete', total: ids.length, present: ids.length, others: 0 });
  });

  it('the whole demo with a planner\'s own decisions on top: complete, and they stay', () => {
    expect(classifyTopics(ids, [...ids, 'api-decision-1', 'api-decision-2'])).toMatchObject({ kind: 'complete', others: 2 });
  });

  it('an earlier event gone (compaction) but the last one there: complete, nothing is sent again', () => {
    expect(classifyTopics(ids, ids.slice(3))).toMatchObject({ kind: 'complete', present: ids.length - 3 });
  });

  it('a world of the user\'s own, alone or mixed into part of the demo: not the demo', () => {
    expect(classifyTopics(ids, ['mine-1', 'mine-2'])).toEqual({ kind: 'foreign', total: ids.length, present: 0, others: 2 });
    expect(classifyTopics(ids, [...ids.slice(0, 10), 'mine-1'])).toEqual({ kind: 'foreign', total: ids.length, present: 10, others: 1 });
    expect(classifyTopics(ids, [null])).toMatchObject({ kind: 'foreign', others: 1 });
  });
});
