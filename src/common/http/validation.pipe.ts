import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, InvalidParam } from '../domain-error';

function flatten(errors: ValidationError[], prefix = ''): InvalidParam[] {
  return errors.flatMap((error) => {
    const name = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ name, reason }));
    return [...own, ...flatten(error.children ?? [], name)];
  });
}

export function invalidRequest(invalidParams: InvalidParam[]): DomainError {
  return new DomainError('invalid-request', 'The request has invalid fields', invalidParams);
}

/**
 * class-validator on every body and query: unknown fields are refused, each problem names
 * its field with a dotted path (`applicant.postcode`), and a body that is not a JSON object
 * is refused before it reaches a DTO.
 */
@Injectable()
export class RequestValidationPipe implements PipeTransform {
  private readonly inner = new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalidRequest(flatten(errors)),
  });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const isDto = typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (isDto && (metadata.type === 'body' || metadata.type === 'query')) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw invalidRequest([{ name: metadata.type, reason: `${metadata.type} must be a JSON object` }]);
      }
    }
    return this.inner.transform(value, metadata);
  }
}
