import { ArgumentMetadata } from '@nestjs/common';
import { IsOptional, IsString } from 'class-validator';
import { DomainError } from '../kernel/domain-error';
import { nulProblem, RequestValidationPipe } from './validation.pipe';

class Dto {
  @IsString()
  name: string;

  @IsOptional()
  @IsString({ each: true })
  tags?: string[];
}

async function problemOf(value: unknown, metadata: ArgumentMetadata) {
  const error = await Promise.resolve()
    .then(() => new RequestValidationPipe().transform(value, metadata))
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(DomainError);
  return { code: (error as DomainError).code, invalidParams: (error as DomainError).invalidParams };
}

describe('the NUL check of RequestValidationPipe', () => {
  it('names a body field by dotted path, array elements by index', async () => {
    const body = { name: 'ok', nested: { deeper: ['fine', 'b\u0000d'] } };
    expect(nulProblem(body, '', 'body')).toEqual({
      name: 'nested.deeper.1',
      reason: 'nested.deeper.1 must not contain the NUL character (U+0000)',
    });
    expect(nulProblem({ name: 'clean', tags: ['a', 'b'] }, '', 'body')).toBeNull();
  });

  it.each([
    ['a path parameter', '\u0000', { type: 'param', data: 'code', metatype: String }, 'code'],
    ['a query parameter', { programme: 'ov\u00002027' }, { type: 'query', metatype: Object }, 'programme'],
    ['a body field', { name: 'x\u0000' }, { type: 'body', metatype: Dto }, 'name'],
    ['an element of a body array', { name: 'x', tags: ['a', '\u0000'] }, { type: 'body', metatype: Dto }, 'tags.1'],
  ] as const)('refuses %s holding U+0000 as invalid-request naming it', async (_label, value, metadata, name) => {
    expect(await problemOf(value, metadata as ArgumentMetadata)).toEqual({
      code: 'invalid-request',
      invalidParams: [{ name, reason: expect.stringContaining('NUL') }],
    });
  });
});
