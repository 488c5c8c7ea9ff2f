import type { Producer } from 'kafkajs';

/**
 * What InitProducerId under the deployment's transactional id gave an allocator: the broker bumps
 * the epoch at every InitProducerId of the id (and moves to a new, larger producer id when the
 * epoch runs out), so a later claim always orders after an earlier one, whatever the hosts' clocks
 * say, and the latest claim is the one producer the broker still lets write.
 */
export interface ProducerClaim {
  /** An int64, as a decimal string. */
  producerId: string;
  epoch: number;
}

/** Negative when `a` was obtained before `b`, positive when after, 0 for the same claim. */
export function compareClaims(a: ProducerClaim, b: ProducerClaim): number {
  const ids = BigInt(a.producerId) - BigInt(b.producerId);
  return ids !== 0n ? (ids < 0n ? -1 : 1) : a.epoch - b.epoch;
}

export function isClaim(value: unknown): value is ProducerClaim {
  const c = value as Partial<ProducerClaim> | null;
  return typeof c === 'object' && c !== null && typeof c.producerId === 'string' && /^\d{1,19}$/.test(c.producerId) && Number.isInteger(c.epoch) && (c.epoch as number) >= 0;
}

/** What kafkajs 2.2.4's EOS manager logs (debug) when InitProducerId succeeds. */
const INITIALISED = 'Initialized producer id & epoch';

/**
 * Calls `seen` with the producer id and epoch of every InitProducerId the producer completes.
 * kafkajs keeps them in the producer's EOS manager, which the producer object does not expose,
 * and reports them only in a debug line through the producer's own logger (the object
 * `producer.logger()` returns, which the EOS manager was given): that logger's `debug` is wrapped,
 * ahead of the level filter, so this works whatever the log level. A kafkajs that changes the line
 * makes `seen` silent; LeaderPublisher.claim then fails loudly rather than lead without a claim.
 */
export function observeInitProducerId(producer: Producer, seen: (claim: ProducerClaim) => void): void {
  if (typeof producer.logger !== 'function') return;
  const logger = producer.logger() as unknown as { debug: (message: string, extra?: Record<string, unknown>) => void };
  const debug = logger.debug.bind(logger);
  logger.debug = (message, extra) => {
    if (message === INITIALISED && extra) {
      // kafkajs decodes the int64 producer id to a string.
      const claim = { producerId: String(extra.producerId), epoch: extra.producerEpoch };
      if (isClaim(claim)) seen(claim);
    }
    debug(message, extra);
  };
}
