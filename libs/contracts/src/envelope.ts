import type { EventType } from './topics';

/** CloudEvents 1.0 structured JSON envelope (CONTRACT.md section 1). */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: EventType | string;
  time: string;
  subject?: string;
  datacontenttype?: string;
  data: T;
}

/** What a producer says about an event; the builder adds the rest (CONTRACT.md section 1). */
export interface CloudEventFields<T> {
  id: string;
  source: string;
  type: EventType | string;
  time: string;
  subject?: string;
  data: T;
}

/**
 * The one way to build an envelope in structured JSON mode, so every producer (the services, the
 * scripts, the scenario generator, the tests) writes the same attributes in the same order.
 */
export function cloudEvent<T>(fields: CloudEventFields<T>): CloudEvent<T> {
  const { id, source, type, time, subject, data } = fields;
  return { specversion: '1.0', id, source, type, time, ...(subject !== undefined ? { subject } : {}), datacontenttype: 'application/json', data };
}
