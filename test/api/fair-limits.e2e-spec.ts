import { ServiceHandle, startService } from '../support/services';
import { TOKEN_ENV, TOKENS, Who } from './support/api-client';
import { PrivateBroker, startPrivateBroker } from './support/private-broker';

/**
 * Issue 26 item 4: one viewer token could hold all 200 live streams, after which an approver's
 * stream got 503. Streams are capped per identity (20): the 21st of one token gets 429 saying so,
 * with a Retry-After, while another caller's stream is still served.
 */
describe('fair limits on live streams', () => {
  let broker: PrivateBroker;
  let api: ServiceHandle;
  const open: AbortController[] = [];

  beforeAll(async () => {
    broker = await startPrivateBroker();
    api = await startService('planner-api', { KAFKA_BROKERS: broker.brokers, IMC_INSTANCE: 'e2e-fair', IMC_API_TOKENS: TOKEN_ENV }, 120_000);
  }, 180_000);

  afterAll(async () => {
    for (const c of open) c.abort();
    await api?.stop();
    await broker?.dispose();
  });

  /** Opens a stream and keeps it open; its status, and the body of a refusal. */
  const stream = async (who: Who): Promise<{ status: number; retryAfter: string | null; body?: { message: string } }> => {
    const controller = new AbortController();
    const res = await fetch(`${api.url}/v1/stream`, { headers: { authorization: `Bearer ${TOKENS[who as keyof typeof TOKENS]}`, accept: 'text/event-stream' }, signal: controller.signal });
    if (res.status === 200) {
      open.push(controller);
      return { status: 200, retryAfter: null };
    }
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { message: string } };
  };

  it('serves 20 streams to one token, refuses its 21st with 429 naming the cap, and still serves another caller', async () => {
    const first = await Promise.all(Array.from({ length: 20 }, () => stream('viewer')));
    expect(first.map((s) => s.status)).toEqual(Array(20).fill(200));
    const refused = await stream('viewer');
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused.body?.message).toMatch(/^viewer:[0-9a-f]{8} holds 20 open streams, the most one identity may hold \(20\)/);
    expect((await stream('approver')).status).toBe(200);

    // A stream that ends frees its place.
    open.shift()?.abort();
    let again = await stream('viewer');
    for (let i = 0; i < 20 && again.status === 429; i++) {
      await new Promise((r) => setTimeout(r, 100));
      again = await stream('viewer');
    }
    expect(again.status).toBe(200);
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(/imc_api_limit_refusals_total\{what="stream",cap="identity"\} [1-9]/);
  });
});
