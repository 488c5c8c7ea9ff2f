import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

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
          const end = Date.parse(value);
          const start = Date.parse(other);
          // An unparseable bound is reported by its own ISO 8601 check, not twice.
          if (Number.isNaN(end) || Number.isNaN(start)) return true;
          return end > start;
        },
      },
    });
  };
}

/** A date-time with no Z and no offset: valid ISO 8601, but read in the reader's time zone. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * Refuses a zone-less date-time. `2011-01-01T00:00:00` would be read as local time, and the same
 * events would plan differently on two machines. Other malformed values are left to @IsISO8601,
 * so that a field gets one message, not two.
 */
export function IsZonedInstant(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isZonedInstant',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be an ISO 8601 date, or date-time with Z or an offset', ...options },
      validator: {
        validate(value: unknown): boolean {
          return !(typeof value === 'string' && ZONELESS.test(value));
        },
      },
    });
  };
}
