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
    await retryTransient(
      () => context.getConsumer().commitOffsets([{ topic, partition, offset: next }]),
      (error, attempt) => this.logger.warn(`offset commit failed (attempt ${attempt}): ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}
