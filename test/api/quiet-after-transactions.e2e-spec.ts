import { join } from 'node:path';
import { replayFile } from '../../scripts/replay/replay';
import { call, TOKEN_ENV } from './support/api-client';
import { startPrivateBroker } from './support/private-broker';
import { eventually, freePort, startService } from '../support/services';

/**
 * The allocator writes proposals and loans in transactions, so each of those topics ends on a
 * commit marker that no consumer receives or commits past: the planner-api's measured lag stays
 * at 1 once the world goes quiet. Its stall check (lag not falling for 30 s) used to take that for
 * a stuck consumer and refuse every read 30 s after the last proposal.
 */
it('the planner-api keeps serving reads after the allocator goes quiet', async () => {
  const broker = await startPrivateBroker();
  const common = { KAFKA_BROKERS: broker.brokers, IMC_INSTANCE: 'quiet' };
  const allocator = await startService('allocator', { ...common, ALLOCATOR_PORT: String(freePort()), IMC_DEBOUNCE_MS: '50' }, 120_000);
  // A stall window of 5 s (default 30 s) so the spec waits past it in seconds, not a minute.
  const api = await startService('planner-api', { ...common, IMC_API_TOKENS: TOKEN_ENV, IMC_CONSUMER_STALL_MS: '5000' }, 120_000);
  try {
    await replayFile(join(__dirname, '..', '..', 'scenarios', '05-jonglei-2012.jsonl'), [broker.brokers], { allocatorGroup: 'quiet-allocator', debounceMs: 50 });
    // The API reads the allocator's last proposal a moment after the replay ends.
    await eventually(async () => ((await call<unknown>(api.url, 'GET', '/v1/proposals/current', 'viewer')).status === 200 ? true : undefined), 60_000, 'the API to read a proposal');
    const answers: string[] = [];
    // Past the 5 s stall window, three times over, with nothing new written.
    for (let waited = 0; waited <= 15_000; waited += 2_500) {
      const read = await call<unknown>(api.url, 'GET', '/v1/proposals/current', 'viewer');
      const ready = await fetch(`${api.url}/health/ready`);
      answers.push(`${waited / 1000}s: read ${read.status}, ready ${ready.status}${ready.status === 200 ? '' : ` ${(await ready.text()).slice(0, 200)}`}`);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    }
    expect(answers.filter((a) => !a.endsWith('read 200, ready 200'))).toEqual([]);
  } finally {
    await api.stop();
    await allocator.stop();
    await broker.dispose();
  }
}, 300_000);
