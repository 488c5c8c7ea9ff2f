import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { INPUT_TOPICS } from '@imc/contracts';
import { retryTransient } from '@imc/platform';
import { IngestService } from './ingest.service';

/**
 * Kafka entry point: one handler for every input topic. Offsets are committed by hand after the
 * message has been applied or dead-lettered, so a crash never skips an event.
 */
@Controller()
export class IngestController {
  private readonly logger = new Logger(IngestController.name);

  constructor(private readonly ingest: IngestService) {}

  @EventPattern([...INPUT_TOPICS])
  async onEvent(@Ctx() context: KafkaContext): Promise<void> {
    const message = context.getMessage();
    const topic = context.getTopic();
    const partition = context.getPartition();
    try {
      await this.ingest.handle({
        topic,
        partition,
        offset: message.offset,
        key: message.key,
        value: (message.value as Buffer | null) ?? null,
        headers: message.headers,
      });
    } catch (error) {
      // Only while shutting down (a dead letter could not be published): the offset is not
      // committed, so the record is read again after the restart. Never rethrown: a throw here
      // makes kafkajs restart the consumer on the same record.
      this.logger.warn(`record ${topic}/${partition}@${message.offset} left for the next start: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const next = (BigInt(message.offset) + 1n).toString();
    await commitOffset(
      () => context.getConsumer().commitOffsets([{ topic, partition, offset: next }]),
      (line) => this.logger.warn(line),
    );
  }
}

/** Well inside the group's session timeout (15 s), so that the consumer gets to heartbeat again. */
export const COMMIT_PATIENCE_MS = 5000;

/**
 * Commits the offset after a record, retrying transient failures for COMMIT_PATIENCE_MS at most,
 * then leaves it uncommitted. Never longer: kafkajs keeps committing to the broker that coordinated
 * the group when the consumer joined, so when that broker dies, every retry fails the same way, and
 * a handler retrying forever never lets the consumer heartbeat, notice the loss and rejoin through
 * the new coordinator: the allocator stopped consuming for good (found by the three-broker e2e
 * spec). Leaving the offset is safe: the next record's commit covers it, and after a rejoin the
 * record is read again and ignored as a duplicate (events are deduplicated by id).
 */
export async function commitOffset(commit: () => Promise<void>, warn: (line: string) => void, patienceMs = COMMIT_PATIENCE_MS, now: () => number = Date.now): Promise<boolean> {
  const started = now();
  try {
    await retryTransient(
      commit,
      (error, attempt) => warn(`offset commit failed (attempt ${attempt}): ${error instanceof Error ? error.message : String(error)}`),
      () => now() - started >= patienceMs,
    );
    return true;
  } catch (error) {
    warn(`offset left uncommitted (a later commit covers it, or the record is read again and ignored as a duplicate): ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
