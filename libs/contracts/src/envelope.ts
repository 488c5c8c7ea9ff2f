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
