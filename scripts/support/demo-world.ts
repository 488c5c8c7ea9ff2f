import { randomUUID } from 'node:crypto';
import { INPUT_TOPICS } from '@imc/contracts';
import { logLevel } from 'kafkajs';
import { createKafka, KafkaConnection } from '@imc/platform';
import { routeScenario } from '../replay/replay';

/**
 * What `npm start` finds on the input topics, compared with the demo file. The rule (docs/getting-started.md,
 * "npm start"): the topics hold the demo when every event on them is one of the demo file's
 * events (by CloudEvents id); the demo is complete when all of them are there. Extra events on top
 * of a complete demo are the user's own work on it (decisions through the API) and stay.
 */
export type DemoFinding =
  | { kind: 'empty'; total: number }
  | { kind: 'complete'; total: number; present: number; others: number }
  | { kind: 'partial'; total: number; present: number; missing: string[] }
  | { kind: 'foreign'; total: number; present: number; others: number };

/** The demo's event ids in file order (only lines the replay would send). */
export function demoEventIds(text: string): string[] {
  return routeScenario(text)
    .routed.map((r) => eventIdOf(r.value, {}))
    .filter((id): id is string => id !== null);
}

/** A record's CloudEvents id: `id` of a structured-mode JSON value, else the `ce_id` header. */
export function eventIdOf(value: string | null, headers: Record<string, string | undefined>): string | null {
  if (value !== null) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { id?: unknown }).id === 'string') return (parsed as { id: string }).id;
    } catch {
      // not JSON: maybe binary mode
    }
  }
  const header = headers.ce_id;
  if (typeof header !== 'string' || header === '') return null;
  // Binary-mode attribute headers are percent-encoded (CloudEvents Kafka binding).
  try {
    return decodeURIComponent(header);
  } catch {
    return header;
  }
}

/**
 * Compares the ids on the topics (null for a record without one) with the demo's, in file order.
 * A load sends the file in order, one acknowledged event at a time, so once the file's last event
 * is on the topics the whole file went out: an earlier id missing then can only be compaction's
 * doing (an older version of the same key), and sending it again would be wrong, not a resume.
 */
export function classifyTopics(demoIds: readonly string[], onTopics: readonly (string | null)[]): DemoFinding {
  const total = demoIds.length;
  if (onTopics.length === 0) return { kind: 'empty', total };
  const demo = new Set(demoIds);
  const seen = new Set<string>();
  let others = 0;
  for (const id of onTopics) {
    if (id !== null && demo.has(id)) seen.add(id);
    else others++;
  }
  const present = seen.size;
  const missing = demoIds.filter((id) => !seen.has(id));
  const lastSent = total > 0 && seen.has(demoIds[total - 1]);
  if (missing.length === 0 || lastSent) return { kind: 'complete', total, present, others };
  if (others === 0) return { kind: 'partial', total, present, missing };
  return { kind: 'foreign', total, present, others };
}

/** The event id of every record on the input topics (null where a record has none). */
export async function inputEventIds(connection: KafkaConnection | string[], timeoutMs = 30_000): Promise<(string | null)[]> {
  const kafka = createKafka(connection, 'imc-start', { logLevel: logLevel.NOTHING, logCreator: undefined });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, number>();
  try {
    for (const topic of INPUT_TOPICS) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (Number(p.high) > Number(p.low)) ends.set(`${topic}:${p.partition}`, Number(p.high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return [];

  const groupId = `imc-start-check-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const ids: (string | null)[] = [];
  const pending = new Set(ends.keys());
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...new Set([...ends.keys()].map((k) => k.slice(0, k.lastIndexOf(':'))))], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`could not read the input topics within ${timeoutMs / 1000} s`)), timeoutMs);
      consumer.on(consumer.events.CRASH, (e) => {
        clearTimeout(timer);
        reject(e.payload.error);
      });
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const key = `${batch.topic}:${batch.partition}`;
            const end = ends.get(key) ?? 0;
            for (const m of batch.messages) {
              if (Number(m.offset) >= end) break;
              const headers: Record<string, string | undefined> = {};
              for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = v === undefined ? undefined : v.toString();
              ids.push(eventIdOf(m.value?.toString() ?? null, headers));
            }
            // Compaction leaves gaps: the batch's last offset counts as reached too.
            if (Number(batch.lastOffset()) >= end - 1) pending.delete(key);
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    const cleanup = kafka.admin();
    await cleanup.connect().catch(() => undefined);
    await cleanup.deleteGroups([groupId]).catch(() => undefined);
    await cleanup.disconnect().catch(() => undefined);
  }
  return ids;
}
