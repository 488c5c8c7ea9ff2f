import { KafkaContext } from '@nestjs/microservices';
import { Logger } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { BytesKafkaServer } from './bytes-kafka.server';

type Message = KafkaMessage;

/** What the allocator's handler gets from the Kafka server for one record kafkajs read. */
async function delivered(message: Message): Promise<Message> {
  const server = new BytesKafkaServer({ client: { brokers: ['127.0.0.1:1'] }, parser: { keepBinary: true } });
  let seen: Message | undefined;
  server.addHandler('imc.decisions', async (_data: unknown, context: KafkaContext) => {
    seen = context.getMessage();
  }, true);
  await server.handleMessage({ topic: 'imc.decisions', partition: 0, message, heartbeat: async () => undefined, pause: () => () => undefined } as unknown as Parameters<BytesKafkaServer['handleMessage']>[0]);
  if (seen === undefined) throw new Error('the handler was not called');
  return seen;
}

const record = (over: Partial<Message>): Message => ({ key: null, value: Buffer.from([0xff, 0x00, 0xfe]), timestamp: '0', attributes: 0, offset: '12', headers: {}, ...over }) as unknown as Message;

describe('BytesKafkaServer', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it.each([
    ['a JSON-looking', Buffer.from('{"a":1}')],
    ['an array-looking', Buffer.from('[1,2]')],
    ['a binary', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x6b])],
    ['an empty', Buffer.alloc(0)],
    ['a text', Buffer.from('UNMIL')],
  ])('hands %s key over as the bytes it came as (issue 26 item 3)', async (_kind, key) => {
    const got = await delivered(record({ key }));
    expect(Buffer.isBuffer(got.key)).toBe(true);
    expect((got.key as Buffer).equals(key)).toBe(true);
  });

  it('hands header values and the value over as bytes, a null key as null', async () => {
    const headers = { 'x-json': Buffer.from('{"h":1}'), 'x-bin': Buffer.from([0xc3, 0x28]), multi: [Buffer.from('[a'), Buffer.from([0xff])] };
    const got = await delivered(record({ headers }));
    expect(got.key).toBeNull();
    expect(got.headers).toEqual(headers);
    expect(Buffer.isBuffer(got.headers?.['x-json'])).toBe(true);
    expect((got.value as Buffer).equals(Buffer.from([0xff, 0x00, 0xfe]))).toBe(true);
  });
});
