import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync, ValidatorOptions } from 'class-validator';
import { DomainError, InvalidParam } from '../kernel/domain-error';

function flatten(errors: ValidationError[], prefix = ''): InvalidParam[] {
  return errors.flatMap((error) => {
    const name = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ name, reason }));
    return [...own, ...flatten(error.children ?? [], name)];
  });
}

/** The API's class-validator options: unknown fields are refused, no value is echoed back. */
const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/**
 * What the API's validation would refuse in `body` as a `Dto`, each problem named by its dotted
 * path; empty when nothing. The web forms judge their answers with it, so a page refuses exactly
 * what the API refuses.
 */
export function validateLikeApi(Dto: ClassConstructor<object>, body: object): InvalidParam[] {
  return flatten(validateSync(plainToInstance(Dto, body), VALIDATOR_OPTIONS));
}

export function invalidRequest(invalidParams: InvalidParam[]): DomainError {
  return new DomainError('invalid-request', 'The request has invalid fields', invalidParams);
}

/** Keys class-transformer silently drops (Object.prototype's own), so they'd slip past the unknown-field check. */
const SHADOWING_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
const MAX_DEPTH = 32;

/** The first problem in the shape of a JSON value: too deep, or a key that shadows Object.prototype. */
function shapeProblem(root: unknown): InvalidParam | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) return { name: 'body', reason: `body is nested deeper than ${MAX_DEPTH} levels` };
    for (const key of Object.keys(value)) {
      const name = path ? `${path}.${key}` : key;
      if (SHADOWING_KEYS.has(key)) return { name, reason: `property ${key} should not exist` };
      stack.push({ value: (value as Record<string, unknown>)[key], path: name, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * The first string in a request value holding U+0000, which PostgreSQL refuses in text (it would
 * be a 500 at the first query). `prefix` names the value itself: a path or query parameter's
 * name, or '' for a whole body or query, whose fields are then named by dotted path.
 */
export function nulProblem(root: unknown, prefix: string, fallback: string): InvalidParam | null {
  const stack: { value: unknown; path: string }[] = [{ value: root, path: prefix }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) {
        const name = path || fallback;
        return { name, reason: `${name} must not contain the NUL character (U+0000)` };
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        stack.push({ value: (value as Record<string, unknown>)[key], path: path ? `${path}.${key}` : key });
      }
    }
  }
  return null;
}

/** Where a pipe's value came from, for the NUL check: body, query string or path. */
const NUL_CHECKED = new Set<ArgumentMetadata['type']>(['body', 'query', 'param']);

/**
 * class-validator on every body and query: unknown fields are refused, each problem names
 * its field with a dotted path (`applicant.postcode`), and a body that is not a JSON object,
 * is nested absurdly deep or carries keys that shadow Object.prototype is refused before it
 * reaches a DTO. No string anywhere in a body, query or path parameter may hold U+0000.
 */
@Injectable()
export class RequestValidationPipe implements PipeTransform {
  private readonly inner = new ValidationPipe({
    transform: true,
    ...VALIDATOR_OPTIONS,
    exceptionFactory: (errors) => invalidRequest(flatten(errors)),
  });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const isDto = typeof metadata.metatype === 'function' && metadata.metatype !== Object;
    if (isDto && (metadata.type === 'body' || metadata.type === 'query')) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw invalidRequest([{ name: metadata.type, reason: `${metadata.type} must be a JSON object` }]);
      }
      const problem = shapeProblem(value);
      if (problem) throw invalidRequest([problem]);
    }
    if (NUL_CHECKED.has(metadata.type)) {
      const problem = nulProblem(value, metadata.data ?? '', metadata.type);
      if (problem) throw invalidRequest([problem]);
    }
    return this.inner.transform(value, metadata);
  }
}
