import { DLQ_HEADERS, TOPICS } from '@imc/contracts';
import type { OutgoingRecord } from '@imc/platform';

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | null;
  headers?: Record<string, unknown>;
}

/** The original message, unchanged, on imc.dlq with the reason and where it came from. */
export function deadLetter(message: ConsumedMessage, reason: string): OutgoingRecord {
  return {
    topic: TOPICS.dlq,
    key: message.key === null ? null : message.key.toString(),
    value: message.value ?? Buffer.alloc(0),
    headers: {
      [DLQ_HEADERS.reason]: reason,
      [DLQ_HEADERS.originalTopic]: message.topic,
      [DLQ_HEADERS.originalPartition]: String(message.partition),
      [DLQ_HEADERS.originalOffset]: message.offset,
    },
  };
}

/** A coarse label for metrics: the part of a reason before the first colon. */
export function reasonKind(reason: string): string {
  const head = reason.split(':')[0].trim();
  return head.length > 40 ? head.slice(0, 40) : head;
}
