import { registerDecorator, ValidateIf, ValidationArguments, ValidationOptions } from 'class-validator';

/** ISO 3166-1 alpha-3 code, as the contract identifies states. */
export const ISO3 = /^[A-Z]{3}$/;

/**
 * A window whose end is not after its start covers nothing; coverage would divide by zero
 * downstream, so it is refused at the edge.
 */
export function IsAfterProperty(property: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isAfterProperty',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [property],
      options: { message: `must be after ${property}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          const other = (args.object as Record<string, unknown>)[property];
          if (typeof value !== 'string' || typeof other !== 'string') return true;
          const end = parseInstant(value);
          const start = parseInstant(other);
          // An unreadable bound is reported by its own time check, not twice.
          if (end === undefined || start === undefined) return true;
          return end > start;
        },
      },
    });
  };
}

/**
 * The one time rule of the contract (RFC 3339 `date-time`, upper-case): a full date, `T`, hours,
 * minutes and seconds, an optional fraction after a dot, and `Z` or `+hh:mm`/`-hh:mm`.
 * ISO 8601 allows far more (week dates, ordinal dates, `T00`, a comma fraction, `+01`), and
 * `Date.parse` reads some of those, misreads others as local time, and refuses the rest; so
 * anything else is refused at the edge, and the domain reads times with `parseInstant` only.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Epoch milliseconds of an RFC 3339 time, or undefined when the text is not one (including
 * impossible calendar values such as `2011-02-30`, hour 24 or a leap second, which
 * `Date` cannot represent). A fraction finer than milliseconds is truncated.
 */
export function parseInstant(text: unknown): number | undefined {
  if (typeof text !== 'string' || text.length > 40) return undefined;
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const monthDays = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day > monthDays || hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] !== undefined) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime() - offsetMinutes * 60_000;
}

export const INSTANT_MESSAGE = 'must be an RFC 3339 date-time such as 2011-01-01T00:00:00Z (seconds and Z or an offset +hh:mm required)';

/**
 * A time field of the contract: `parseInstant` must read it. Replaces `@IsISO8601`, which
 * accepts forms the domain cannot read (`2012-11-27T00`, `2010-W48-4`, a space separator).
 */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: INSTANT_MESSAGE, ...options },
      validator: {
        validate(value: unknown): boolean {
          return parseInstant(value) !== undefined;
        },
      },
    });
  };
}

/** The former name, kept for the DTOs that import it: the same strict rule. */
export const IsZonedInstant = IsInstant;

/**
 * Like `@IsOptional()`, but only for a field left out: `null` is validated, and so refused.
 * A policy with `"version": null` would otherwise pass as "no version" and always apply.
 */
export function Omittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}
