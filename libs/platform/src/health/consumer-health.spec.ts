import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { ConsumerHealth } from './consumer-health';

/** Just enough of a kafkajs consumer to emit its instrumentation events. */
function fakeConsumer(): { consumer: Consumer; emit: (event: string, payload?: unknown) => void } {
  const emitter = new EventEmitter();
  const events = { CRASH: 'consumer.crash', STOP: 'consumer.stop', GROUP_JOIN: 'consumer.group_join', END_BATCH_PROCESS: 'consumer.end_batch_process', FETCH: 'consumer.fetch' };
  const consumer = { events, on: (event: string, listener: (e: unknown) => void) => emitter.on(event, listener) } as unknown as Consumer;
  return { consumer, emit: (event, payload = {}) => emitter.emit(event, { payload }) };
}

describe('ConsumerHealth', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('is not ready before a consumer is attached', () => {
    expect(new ConsumerHealth({ now: clock }).verdict()).toMatchObject({ ok: false, reason: 'stopped: the live consumer is not running' });
  });

  it('reports a consumer that crashed and was not restarted as stopped', () => {
    const health = new ConsumerHealth({ now: clock });
    const { consumer, emit } = fakeConsumer();
    health.attach(consumer);
    expect(health.verdict().ok).toBe(true);
    emit('consumer.crash', { error: new TypeError('boom'), restart: false });
    expect(health.verdict()).toMatchObject({ ok: false, reason: 'stopped: crashed and not restarted: TypeError: boom' });
  });

  // kafkajs's order on a crash: STOP (it stops the consumer), then CRASH with the restart verdict.
  it('stays ready after a crash that kafkajs restarts (its STOP comes first), and is stopped after one it does not', () => {
    const health = new ConsumerHealth({ now: clock });
    const { consumer, emit } = fakeConsumer();
    health.attach(consumer);
    emit('consumer.stop');
    expect(health.verdict()).toMatchObject({ ok: false, reason: 'stopped: the consumer stopped' });
    emit('consumer.crash', { error: 'KafkaJSConnectionError: connect ECONNREFUSED', restart: true });
    expect(health.verdict()).toMatchObject({ ok: true, crashesLastMinute: 1 });
    emit('consumer.group_join');
    expect(health.verdict().ok).toBe(true);
    emit('consumer.stop');
    emit('consumer.crash', { error: 'TypeError: boom', restart: false });
    expect(health.verdict()).toMatchObject({ ok: false, reason: 'stopped: crashed and not restarted: TypeError: boom' });
  });

  it('is ready again once a stopped consumer joins its group again', () => {
    const health = new ConsumerHealth({ now: clock });
    const { consumer, emit } = fakeConsumer();
    health.attach(consumer);
    emit('consumer.stop');
    expect(health.verdict().ok).toBe(false);
    emit('consumer.group_join');
    expect(health.verdict().ok).toBe(true);
  });

  it('reports three restarts within a minute as crash-looping, and recovers once they age out', () => {
    const health = new ConsumerHealth({ now: clock });
    const { consumer, emit } = fakeConsumer();
    health.attach(consumer);
    for (let i = 0; i < 2; i++) emit('consumer.crash', { error: 'x', restart: true });
    expect(health.verdict().ok).toBe(true);
    emit('consumer.crash', { error: 'x', restart: true });
    expect(health.verdict()).toMatchObject({ ok: false, reason: 'crash-looping: 3 consumer crashes in the last minute', crashesLastMinute: 3 });
    now += 61_000;
    expect(health.verdict()).toMatchObject({ ok: true, crashesLastMinute: 0 });
  });

  it('stays ready while the consumer keeps fetching although the lag stays at 1 (a commit marker ends a transactional topic)', () => {
    const health = new ConsumerHealth({ now: clock, stallMs: 30_000 });
    const { consumer, emit } = fakeConsumer();
    health.attach(consumer);
    health.recordLag(1);
    for (let i = 0; i < 12; i++) {
      now += 5_000;
      emit('consumer.fetch');
      health.recordLag(1);
    }
    expect(health.verdict()).toMatchObject({ ok: true, lag: 1 });
    // The same consumer no longer fetching (stuck in a handler) is stalled.
    now += 31_000;
    expect(health.verdict()).toMatchObject({ ok: false, reason: 'stalled: 1 records waiting and the lag has not fallen for 31 s' });
  });

  it('reports records waiting with the lag not falling as stalled, but not a falling lag or an empty one', () => {
    const health = new ConsumerHealth({ now: clock, stallMs: 30_000 });
    const { consumer, emit } = fakeConsumer();
    health.attach(consumer);
    health.recordLag(10);
    now += 20_000;
    health.recordLag(8);
    now += 20_000;
    expect(health.verdict().ok).toBe(true);
    health.recordLag(8);
    now += 11_000;
    expect(health.verdict()).toMatchObject({ ok: false, reason: 'stalled: 8 records waiting and the lag has not fallen for 31 s', lag: 8 });
    emit('consumer.end_batch_process');
    expect(health.verdict().ok).toBe(true);
    now += 60_000;
    health.recordLag(0);
    expect(health.verdict().ok).toBe(true);
  });
});
