import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** The property must be on or after the sibling property `other` (ISO dates compare as text). */
export function IsNotBefore(other: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isNotBefore',
      target: target.constructor,
      propertyName,
      constraints: [other],
      options: { message: `${propertyName} must not be before ${other}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const before = (args.object as Record<string, unknown>)[other];
          if (typeof value !== 'string' || typeof before !== 'string') return true;
          const a = Date.parse(before);
          const b = Date.parse(value);
          return Number.isNaN(a) || Number.isNaN(b) || b >= a;
        },
      },
    });
}

/** The property must be at least the sibling number property `other`. */
export function IsAtLeast(other: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isAtLeast',
      target: target.constructor,
      propertyName,
      constraints: [other],
      options: { message: `${propertyName} must be at least ${other}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const low = (args.object as Record<string, unknown>)[other];
          return typeof value !== 'number' || typeof low !== 'number' || value >= low;
        },
      },
    });
}

/** A list of [from, to] pairs of four-digit postcodes, from ≤ to. */
export function IsPostcodeRanges(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isPostcodeRanges',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be a list of ["1000", "9999"] pairs, from not above to`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          return (
            Array.isArray(value) &&
            value.length > 0 &&
            value.length <= 200 &&
            value.every(
              (pair) =>
                Array.isArray(pair) &&
                pair.length === 2 &&
                pair.every((p) => typeof p === 'string' && /^[1-9][0-9]{3}$/.test(p)) &&
                pair[0] <= pair[1],
            )
          );
        },
      },
    });
}
