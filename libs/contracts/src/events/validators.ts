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
