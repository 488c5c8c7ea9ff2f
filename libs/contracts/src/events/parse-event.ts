import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import type { CloudEvent } from '../envelope';
import type { EventType } from '../topics';
import { ClockEvent } from './clock.event';
import { CloudEventEnvelope } from './cloud-event.envelope';
import { ConsentEvent } from './consent.event';
import { checkJsonValue, parseBoundedJson } from './json-guard';
import { CrisisEvent } from './crisis.event';
import { DecisionEvent } from './decision.event';
import { DemandEvent } from './demand.event';
import { LoanExtendedEvent } from './loan-extended.event';
import { LoanRecalledEvent } from './loan-recalled.event';
import { LoanReturnedEvent } from './loan-returned.event';
import { MissionEvent } from './mission.event';
import { PolicyEvent } from './policy.event';
import { UnitRemovedEvent } from './unit-removed.event';
import { UnitEvent } from './unit.event';
import { errorMessage } from '../error-message';

/** Event types the allocator may consume; the proposals and loans it publishes are not inputs. */
export type InputEventType = Exclude<EventType, 'imc.allocation.proposed' | 'imc.loan.updated'>;

type DataClass = new () => object;

/** The payload class that validates `data`, for each input type. */
export const INPUT_EVENT_CLASSES: Readonly<Record<InputEventType, DataClass>> = {
  'imc.mission.upserted': MissionEvent,
  'imc.unit.upserted': UnitEvent,
  'imc.unit.removed': UnitRemovedEvent,
  'imc.consent.recorded': ConsentEvent,
  'imc.policy.updated': PolicyEvent,
  'imc.crisis.declared': CrisisEvent,
  'imc.crisis.updated': CrisisEvent,
  'imc.crisis.resolved': CrisisEvent,
  'imc.demand.raised': DemandEvent,
  'imc.demand.withdrawn': DemandEvent,
  'imc.clock.ticked': ClockEvent,
  'imc.allocation.decided': DecisionEvent,
  'imc.loan.returned': LoanReturnedEvent,
  'imc.loan.recalled': LoanRecalledEvent,
  'imc.loan.extended': LoanExtendedEvent,
};

const OUTPUT_TYPES: readonly string[] = ['imc.allocation.proposed', 'imc.loan.updated'];

/** Longest reason returned; a DLQ header and a stderr line should stay readable. */
const MAX_REASON_LENGTH = 300;

export type ParseResult = { ok: true; event: CloudEvent } | { ok: false; reason: string };

export function isInputEventType(type: string): type is InputEventType {
  return Object.prototype.hasOwnProperty.call(INPUT_EVENT_CLASSES, type);
}

/**
 * Checks one raw message (a JSON string, bytes, or an already parsed value) against the
 * contract: bounded size and depth, valid JSON, no prototype keys, a CloudEvents 1.0 envelope, a
 * known input type, and `data` valid for that type with no unknown fields. The reason of a
 * refusal is one short line naming the field. Never throws: whatever the input, the answer is a
 * verdict, because a throw here would block a Kafka partition.
 */
export function parseEvent(raw: unknown): ParseResult {
  try {
    return parseUnguarded(raw);
  } catch (error: unknown) {
    // Not expected after the bounds above; kept so that a validator bug refuses, never crashes.
    return fail(`could not be validated: ${errorMessage(error)}`);
  }
}

function parseUnguarded(raw: unknown): ParseResult {
  let value: unknown = raw;
  if (Buffer.isBuffer(raw) || raw instanceof Uint8Array) value = Buffer.from(raw).toString('utf8');
  if (typeof value === 'string') {
    const parsed = parseBoundedJson(value);
    if (!parsed.ok) return fail(parsed.reason);
    value = parsed.value;
  } else {
    const bad = checkJsonValue(value);
    if (bad !== undefined) return fail(bad);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return fail('not a CloudEvent: expected a JSON object');
  }

  // Extension attributes are allowed on the envelope by CloudEvents, so no whitelist here.
  const envelope = plainToInstance(CloudEventEnvelope, value);
  const envelopeErrors = validateSync(envelope);
  if (envelopeErrors.length > 0) {
    return fail(`not a CloudEvent: ${describe(envelopeErrors, '')}`);
  }
  const event = value as CloudEvent<Record<string, unknown>>;
  if (OUTPUT_TYPES.includes(event.type)) {
    return fail(`type ${event.type} is an output of the allocator, not an input`);
  }
  if (!isInputEventType(event.type)) {
    return fail(`unknown event type ${event.type}`);
  }

  if (event.type === 'imc.clock.ticked') {
    // class-validator has no metadata for an empty class, so the whitelist cannot speak here.
    const extra = Object.keys(event.data);
    return extra.length === 0 ? { ok: true, event } : fail(`data.${extra[0]}: should not exist`);
  }
  const data = plainToInstance(INPUT_EVENT_CLASSES[event.type], event.data);
  const dataErrors = validateSync(data, { whitelist: true, forbidNonWhitelisted: true });
  if (dataErrors.length > 0) {
    return fail(describe(dataErrors, 'data'));
  }
  return { ok: true, event };
}

function fail(reason: string): { ok: false; reason: string } {
  const line = reason.replace(/\s+/g, ' ').trim();
  return { ok: false, reason: line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 3)}...` : line };
}

/** `data.window.start: must be a valid ISO 8601 date string; data.version: ...` */
function describe(errors: ValidationError[], prefix: string): string {
  return flatten(errors, prefix).join('; ');
}

function flatten(errors: ValidationError[], prefix: string): string[] {
  const out: string[] = [];
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${prefix}[${error.property}]`
      : prefix
        ? `${prefix}.${error.property}`
        : error.property;
    const constraints = Object.values(error.constraints ?? {});
    if (constraints.length > 0) {
      out.push(`${path}: ${stripSubject(constraints[0], error.property)}`);
    }
    if (error.children && error.children.length > 0) {
      out.push(...flatten(error.children, path));
    }
  }
  return out;
}

/** class-validator messages start with the property name, which the path already gives. */
function stripSubject(message: string, property: string): string {
  for (const subject of [`property ${property} `, `nested property ${property} `, `${property} `]) {
    if (message.startsWith(subject)) return message.slice(subject.length);
  }
  return message;
}
