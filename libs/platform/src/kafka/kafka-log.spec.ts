import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { DELIBERATE_SETTING_WARNINGS, kafkaLogCreator, kafkaLogMethod, TRANSIENT_BROKER_ERRORS } from './kafka-log';

// kafkajs's table of Kafka error codes (not part of its typed API; read here only to keep our list honest).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { errorCodes } = require('kafkajs/src/protocol/error') as { errorCodes: { type: string; message: string; retriable: boolean }[] };

describe('kafka log levels', () => {
  it.each(TRANSIENT_BROKER_ERRORS)('"%s" is a retriable error of the installed kafkajs', (text) => {
    const matches = errorCodes.filter((e) => e.message.includes(text));
    expect(matches.length).toBeGreaterThan(0);
    expect(matches.every((e) => e.retriable)).toBe(true);
  });

  it('puts the coordinator still loading (InitProducerId, group join) below error level', () => {
    const loading = errorCodes.find((e) => e.type === 'GROUP_LOAD_IN_PROGRESS');
    expect(loading).toBeDefined();
    expect(kafkaLogMethod(logLevel.ERROR, { message: 'Response InitProducerId(key: 22, version: 1)', error: loading?.message })).toBe('debug');
    expect(kafkaLogMethod(logLevel.ERROR, { message: 'Response GroupCoordinator(key: 10, version: 2)', error: 'The group coordinator is not available' })).toBe('debug');
  });

  it('puts a transaction begun while the last one still commits below error level, the answer and the retried send', () => {
    // What the allocator printed in a fresh-clone CI on a second npm start (kafkajs retried and the send went through).
    const concurrent = errorCodes.find((e) => e.type === 'CONCURRENT_TRANSACTIONS');
    expect(concurrent?.retriable).toBe(true);
    expect(kafkaLogMethod(logLevel.ERROR, { message: 'Response AddPartitionsToTxn(key: 24, version: 1)', error: concurrent?.message })).toBe('debug');
    expect(kafkaLogMethod(logLevel.ERROR, { message: `Failed to send messages: ${concurrent?.message}`, retryCount: 0, retryTime: 340 })).toBe('debug');
    // A failed send for any other reason stays an error.
    expect(kafkaLogMethod(logLevel.ERROR, { message: 'Failed to send messages: Not authorized to access topics: [Topic authorization failed]', retryCount: 0 })).toBe('error');
  });

  it('makes a consumer crash on a transient answer, and the restart after a crash, warnings', () => {
    // What a fresh broker made a planner-api consumer print in CI: the group's coordinator was still loading.
    expect(kafkaLogMethod(logLevel.ERROR, { message: "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group", retryCount: 0 })).toBe('warn');
    expect(kafkaLogMethod(logLevel.ERROR, { message: 'Restarting the consumer in 300ms', retryTime: 300 })).toBe('warn');
    // A crash on anything else, or on retries that ran out, stays an error.
    expect(kafkaLogMethod(logLevel.ERROR, { message: 'Crash: KafkaJSProtocolError: Not authorized to access group: Group authorization failed' })).toBe('error');
    expect(kafkaLogMethod(logLevel.ERROR, { message: "Crash: KafkaJSNumberOfRetriesExceeded: The coordinator is loading and hence can't process requests for this group" })).toBe('error');
    expect(kafkaLogMethod(logLevel.ERROR, { message: 'Restarting the consumer in 300ms, or not' })).toBe('error');
  });

  it('keeps every other error an error, and warnings and info as they are', () => {
    expect(kafkaLogMethod(logLevel.ERROR, { message: 'Response Produce(key: 0, version: 7)', error: 'Not authorized to access topics: [Topic authorization failed]' })).toBe('error');
    // Retries that ran out are something to act on.
    expect(kafkaLogMethod(logLevel.ERROR, { message: 'Crash: KafkaJSNumberOfRetriesExceeded: The group coordinator is not available' })).toBe('error');
    expect(kafkaLogMethod(logLevel.ERROR, { message: 'The group coordinator is not available', retryCount: 1 })).toBe('debug');
    expect(kafkaLogMethod(logLevel.ERROR, { message: 'Connection error: connect ECONNREFUSED 127.0.0.1:9092' })).toBe('error');
    expect(kafkaLogMethod(logLevel.WARN, { message: 'anything' })).toBe('warn');
    expect(kafkaLogMethod(logLevel.WARN, { message: 'Limiting retries for the idempotent producer may invalidate EoS guarantees' })).toBe('debug');
    expect(kafkaLogMethod(logLevel.INFO, { message: 'Consumer has joined the group' })).toBe('log');
    expect(kafkaLogMethod(logLevel.DEBUG, { message: 'Request Metadata' })).toBe('debug');
  });

  it('the deliberate-setting warning is the one the installed kafkajs prints', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const source = readFileSync(require.resolve('kafkajs/src/producer/index.js'), 'utf8');
    for (const w of DELIBERATE_SETTING_WARNINGS) expect(source).toContain(w);
  });

  it('writes through Nest under the given context', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    try {
      const write = kafkaLogCreator('kafkajs')(logLevel.WARN);
      write({ namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: 't', message: 'Response InitProducerId(key: 22, version: 1)', error: "The coordinator is loading and hence can't process requests for this group" } });
      write({ namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: 't', message: 'Response Produce(key: 0, version: 7)', error: 'The request attempted to perform an operation on an invalid topic' } });
      expect(debug).toHaveBeenCalledTimes(1);
      expect(debug.mock.calls[0][0]).toContain('[Connection] Response InitProducerId');
      expect(error).toHaveBeenCalledTimes(1);
      expect(error.mock.calls[0][0]).toContain('invalid topic');
    } finally {
      error.mockRestore();
      debug.mockRestore();
    }
  });
});
