import { Injectable, Logger } from '@nestjs/common';
import { TOPIC_SPECS, TOPICS, errorMessage } from '@imc/contracts';
import { EventPublisher, OutgoingRecord, retryTransient } from '@imc/platform';

/** A record as read from Kafka, enough to write it again byte for byte. */
export interface SeenRecord {
  topic: string;
  key: Buffer | string | null;
  value: Buffer | null;
  headers?: Record<string, unknown>;
}

/** The part of a parsed event the guard needs: its id and, for versioned entities, the version. */
export interface SeenEvent {
  id: string;
  data: unknown;
}

interface Winner {
  id: string;
  version: number;
  record: SeenRecord;
}

/** Compacted topics whose records are versioned entities (imc.loans is our own output, written in order). */
const GUARDED = new Set<string>(TOPIC_SPECS.filter((s) => s.retention === 'compact' && s.name !== TOPICS.loans).map((s) => s.name));

/**
 * Compaction keeps the latest *offset* per key, the world keeps the highest *version*: a stale
 * version written after the current one (a producer retrying late, a replay) would be what
 * survives compaction, and a restarted allocator would then hold the old version while the live
 * one held the new. The guard keeps, per compacted topic and key, the record the world holds (the
 * first with the highest version, as WorldState decides); when a later record on that key is not
 * it, the winner is written again, same key, same bytes, same headers, same event id, so the
 * latest offset is the winner once more. The world ignores the copy as a duplicate id.
 *
 * It runs on the start-up read (a stale record written while the allocator was down) and on
 * every live record. Compacted topics are created with min.compaction.lag.ms, so a stopped
 * allocator has that long to come back before the cleaner could drop a winner.
 */
@Injectable()
export class CompactionGuard {
  private readonly logger = new Logger(CompactionGuard.name);
  private readonly winners = new Map<string, Winner>();
  /** Keys whose latest record is not the winner, in the order found. */
  private readonly pending = new Map<string, SeenRecord>();

  observe(record: SeenRecord, event: SeenEvent): void {
    if (!GUARDED.has(record.topic) || record.key === null) return;
    const version = (event.data as { version?: unknown } | null)?.version;
    // Per key and entity: records of two entities under one key (a producer keying by something
    // else than the entity id) do not compete; compaction would lose one anyway, the guard cannot help.
    const slot = `${record.topic}\u0000${record.key.toString()}\u0000${entityOf(record.topic, event.data)}`;
    const held = this.winners.get(slot);
    if (typeof version !== 'number') {
      // Unversioned (a policy without version) always applies and leaves the version the world
      // holds as it was: it is the state now, and what a later stale version must be followed by.
      if (held !== undefined) this.winners.set(slot, { id: event.id, version: held.version, record });
      this.pending.delete(slot);
      return;
    }
    if (held === undefined || version > held.version) {
      this.winners.set(slot, { id: event.id, version, record });
      this.pending.delete(slot);
    } else if (event.id === held.id) {
      // The winner again (a duplicate, or our own re-assertion): it is the latest offset now.
      this.pending.delete(slot);
    } else {
      this.pending.set(slot, held.record);
    }
  }

  /**
   * A tombstone on a guarded key: the world does not apply it (it is dead-lettered live, skipped at
   * start-up), so it keeps the entity; but compaction would drop every record of the key before
   * it, and a restart would lose the entity. The winners of the key are written again after it.
   */
  observeTombstone(record: SeenRecord): void {
    if (!GUARDED.has(record.topic) || record.key === null) return;
    const prefix = `${record.topic}\u0000${record.key.toString()}\u0000`;
    for (const [slot, held] of this.winners) if (slot.startsWith(prefix)) this.pending.set(slot, held.record);
  }

  /** Live: a tombstone in, and its key's winners written again at once. */
  async checkTombstone(record: SeenRecord, publisher: EventPublisher, stopping: () => boolean = () => false): Promise<void> {
    this.observeTombstone(record);
    await this.flush(publisher, stopping);
  }

  /** Live: one record in, and its key's winner written again at once if the record is not it. */
  async check(record: SeenRecord, event: SeenEvent, publisher: EventPublisher, stopping: () => boolean = () => false): Promise<void> {
    this.observe(record, event);
    await this.flush(publisher, stopping);
  }

  /** Writes the winners whose key ended on another record (after the start-up read, or live). */
  async flush(publisher: EventPublisher, stopping: () => boolean = () => false): Promise<number> {
    const records = this.takeReassertions();
    if (records.length === 0) return 0;
    await retryTransient(
      () => publisher.publish(records),
      (error, attempt) => this.logger.warn({ msg: 're-asserting records failed, retrying', records: records.length, attempt, error: errorMessage(error) }),
      stopping,
    );
    this.logger.log({ msg: 'stale records followed the current version; current version written again', keys: records.map((r) => `${r.topic}/${r.key}`) });
    return records.length;
  }

  /** The winners to write again, once each; forgets them (seeing the copy clears the key anyway). */
  takeReassertions(): OutgoingRecord[] {
    const out = [...this.pending.values()].map((r) => ({
      topic: r.topic,
      key: r.key,
      value: r.value ?? Buffer.alloc(0),
      headers: headerBytes(r.headers),
    }));
    this.pending.clear();
    return out;
  }
}

/** The entity a versioned record is about: the id field of the contract's payloads on compacted topics. */
const ENTITY_ID: Record<string, string> = { [TOPICS.missions]: 'missionId', [TOPICS.units]: 'unitId', [TOPICS.consents]: 'consentId' };
function entityOf(topic: string, data: unknown): string {
  const field = ENTITY_ID[topic];
  return field === undefined ? 'default' : String(((data ?? {}) as Record<string, unknown>)[field]);
}

/**
 * Kafka headers as read (Buffer, string, or a list of them), kept as they are: a binary value
 * turned into text would be written back re-encoded through UTF-8 (issue 26 item 3).
 */
function headerBytes(headers: Record<string, unknown> | undefined): OutgoingRecord['headers'] {
  if (!headers) return undefined;
  const out: NonNullable<OutgoingRecord['headers']> = {};
  const bytes = (v: unknown): Buffer | string => (Buffer.isBuffer(v) || typeof v === 'string' ? v : String(v));
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out[name] = Array.isArray(value) ? value.map(bytes) : bytes(value);
  }
  return out;
}
