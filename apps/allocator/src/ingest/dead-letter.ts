import { DLQ_HEADERS, RecordHeaders, TOPICS } from '@imc/contracts';
import type { OutgoingRecord } from '@imc/platform';

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | null;
  headers?: RecordHeaders;
}

const DLQ_HEADER_NAMES: readonly string[] = Object.values(DLQ_HEADERS);

/**
 * The original record on imc.dlq, byte for byte: the same key and value (a Buffer stays a Buffer,
 * a tombstone stays null), its own headers kept (a binary-mode event's attributes are there), and
 * the imc-dlq-* headers saying why and where from. A record dead-lettered twice (re-published from
 * the DLQ by hand) carries the newest reason, not two.
 */
export function deadLetter(message: ConsumedMessage, reason: string): OutgoingRecord {
  const kept: Record<string, Buffer | string | (Buffer | string)[]> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined && !DLQ_HEADER_NAMES.includes(name.toLowerCase())) kept[name] = value;
  }
  return {
    topic: TOPICS.dlq,
    key: message.key,
    value: message.value,
    raw: true,
    headers: {
      ...kept,
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
