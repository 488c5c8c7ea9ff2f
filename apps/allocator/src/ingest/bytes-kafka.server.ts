import { KafkaOptions, KafkaParser, ServerKafka } from '@nestjs/microservices';

/**
 * Nest's Kafka parser decodes keys and header values even with `keepBinary`: text that looks like
 * JSON becomes an object, anything else a UTF-8 string. A key `{"a":1}` then reached the DLQ
 * publish as an object, which kafkajs cannot encode, and the partition stopped on it; a binary key
 * came out of the DLQ re-encoded (`ff fe` as `ef bf bd ef bf bd`). This parser hands over the
 * record exactly as kafkajs read it: key, value and header values stay Buffers (or null).
 */
export class BytesKafkaParser extends KafkaParser {
  constructor() {
    super({ keepBinary: true });
  }

  override decode(value: Buffer | null | undefined): Buffer | null {
    return value ?? null;
  }
}

/** Nest's Kafka server with the bytes-keeping parser: what the allocator's ingest consumes through. */
export class BytesKafkaServer extends ServerKafka {
  constructor(options: Required<KafkaOptions>['options']) {
    super(options);
    this.parser = new BytesKafkaParser();
  }
}
