import { KeyedLock } from './keyed-lock';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedLock', () => {
  it('runs tasks on the same key one at a time, in arrival order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name}:start`);
      await tick();
      log.push(`${name}:end`);
    };
    await Promise.all([lock.run(['loan-a'], task('1')), lock.run(['loan-a'], task('2')), lock.run(['loan-a', 'loan-b'], task('3'))]);
    expect(log).toEqual(['1:start', '1:end', '2:start', '2:end', '3:start', '3:end']);
    expect(lock.held).toBe(0);
  });

  it('lets tasks on different keys overlap', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name}:start`);
      await tick();
      log.push(`${name}:end`);
    };
    await Promise.all([lock.run(['a'], task('1')), lock.run(['b'], task('2'))]);
    expect(log.slice(0, 2)).toEqual(['1:start', '2:start']);
  });

  it('does not deadlock on keys asked in opposite orders, and releases after a failure', async () => {
    const lock = new KeyedLock();
    const failing = lock.run(['a', 'b'], async () => {
      await tick();
      throw new Error('boom');
    });
    const other = lock.run(['b', 'a'], async () => 'ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(other).resolves.toBe('ran');
  });
});
