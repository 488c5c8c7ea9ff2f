import { Logger } from '@nestjs/common';
import { LogEntry, logLevel } from 'kafkajs';

/**
 * Answers a broker gives while it is starting up, loading its group and transaction state, or
 * moving a coordinator or a partition leader. kafkajs retries each of them; they end on their own
 * within seconds, so a user has nothing to act on. (The texts are kafkajs's, from its table of
 * Kafka error codes; kafka-log.spec.ts checks them against the installed kafkajs.)
 */
export const TRANSIENT_BROKER_ERRORS: readonly string[] = [
  "The coordinator is loading and hence can't process requests",
  'The group coordinator is not available',
  'This is not the correct coordinator for this group',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  'This server is not the leader for that topic-partition',
  // A transaction begun right after the last one committed, while the coordinator still writes
  // that one's markers: the broker asks the client to retry, and kafkajs does.
  'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
];

/**
 * kafkajs's warning about a setting we chose on purpose, printed by every service at every start.
 * The publisher's retries are bounded so that a publish fails, and is offered again by the
 * service, instead of hanging while the broker is away; a record sent twice that way carries the
 * same event id, and every reader dedupes by event id.
 */
export const DELIBERATE_SETTING_WARNINGS: readonly string[] = ['Limiting retries for the idempotent producer may invalidate EoS guarantees'];

export type NestLogMethod = 'error' | 'warn' | 'log' | 'debug';

/** kafkajs's line before it retries a send; the words after it are the broker's answer. */
const FAILED_SEND = 'Failed to send messages: ';

function isTransient(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  const answer = text.startsWith(FAILED_SEND) ? text.slice(FAILED_SEND.length) : text;
  return TRANSIENT_BROKER_ERRORS.some((t) => answer.startsWith(t));
}

/**
 * A consumer that crashed on one of the transient answers itself ("Crash: KafkaJSProtocolError:
 * The coordinator is loading ..."), not on retries that ran out: kafkajs restarts it (the error is
 * retriable), so it is worth a warning, not an error line. A fresh broker answers a group's first
 * join this way while it loads the group's state.
 */
function isTransientCrash(message: string): boolean {
  const m = /^Crash: (\w+): (.*)$/s.exec(message);
  return m !== null && m[1] !== 'KafkaJSNumberOfRetriesExceeded' && isTransient(m[2]);
}

/** kafkajs's line after every crash it restarts from; the crash line before it says what happened. */
const RESTARTING = /^Restarting the consumer in \d+ms$/;

/**
 * The level a kafkajs log line deserves. kafkajs logs every error answer of a request at ERROR,
 * before it retries; the transient ones above go to debug, since an error line must mean something
 * a user has to act on. Only the answer itself (a request's `error`, or a line that is just the
 * broker's message) is quieted: when the retries run out, kafkajs reports that in other words
 * ("Crash: KafkaJSNumberOfRetriesExceeded ...") and that stays an error. A consumer crash on a
 * transient answer itself, and the restart that follows every crash, are warnings.
 */
export function kafkaLogMethod(level: logLevel, log: { message: string; error?: unknown; [key: string]: unknown }): NestLogMethod {
  switch (level) {
    case logLevel.ERROR:
    case logLevel.NOTHING:
      if (isTransient(log.error) || isTransient(log.message)) return 'debug';
      return isTransientCrash(log.message) || RESTARTING.test(log.message) ? 'warn' : 'error';
    case logLevel.WARN:
      return DELIBERATE_SETTING_WARNINGS.some((w) => log.message.startsWith(w)) ? 'debug' : 'warn';
    case logLevel.INFO:
      return 'log';
    default:
      return 'debug';
  }
}

/** A kafkajs logCreator writing through Nest's logger (JSON lines) under `context`. */
export function kafkaLogCreator(context: string): (level: logLevel) => (entry: LogEntry) => void {
  const logger = new Logger(context);
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...rest } = log;
      const line = `${namespace ? `[${namespace}] ` : ''}${message} ${JSON.stringify(rest)}`;
      logger[kafkaLogMethod(level, log)](line);
    };
}
