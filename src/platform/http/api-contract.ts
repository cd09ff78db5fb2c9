import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { problem } from './problem-details';

/**
 * The version of the JSON API's contract (semver), sent as `API-Version` with every /api
 * answer and written into the OpenAPI document. The major version is the `/api/v1` in the path.
 */
export const API_VERSION = '1.0.0';

/** Sets `API-Version` on every answer under /api, errors included. */
export function addApiVersionHeader(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/')) void reply.header('api-version', API_VERSION);
    return payload;
  });
}

export class InvalidParamDto {
  @ApiProperty({ example: 'requestedAmountCents' })
  name: string;

  @ApiProperty({ example: 'requestedAmountCents must not be greater than 500000' })
  reason: string;
}

/** RFC 9457 problem details with our stable `code`: what every error of the api looks like. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:vakvoucher:problem:not-found' })
  type: string;

  @ApiProperty({ example: 'Not Found' })
  title: string;

  @ApiProperty({ example: 404 })
  status: number;

  @ApiProperty({ example: 'No application with this id' })
  detail: string;

  @ApiProperty({ description: 'the stable machine word clients branch on', example: 'not-found' })
  code: string;

  @ApiPropertyOptional({ type: [InvalidParamDto], description: 'which fields were wrong, and why' })
  invalidParams?: InvalidParamDto[];
}

/** The codes each error status can carry in this api (docs/api.md has when each is given). */
const CODES_OF: Record<number, string[]> = {
  400: ['invalid-request'],
  401: ['unauthenticated'],
  403: ['forbidden'],
  404: ['not-found'],
  409: ['illegal-transition', 'conflict'],
  412: ['version-mismatch'],
  413: ['payload-too-large'],
  414: ['uri-too-long'],
  415: ['unsupported-media-type'],
  500: ['internal-error'],
  503: ['service-unavailable'],
};

const DESCRIPTION_OF: Record<number, string> = {
  400: 'The request is malformed; `invalidParams` names the fields',
  401: 'No token, or one that is not valid',
  403: 'The role may not do this',
  404: 'Not found, or not visible to the caller',
  409: 'Not possible in the current state',
  412: 'If-Match does not match the current version',
  413: 'The body is larger than the limit',
  414: 'A path parameter is longer than this api accepts',
  415: 'A media type this operation does not accept',
  422: 'A business rule does not allow this',
  500: 'Something went wrong on our side',
  503: 'Busy or a dependency is down; try again in a moment (Retry-After)',
};

export const API_VERSION_HEADER = {
  'API-Version': {
    description: 'The full version of the api contract (semver)',
    required: true,
    schema: { type: 'string', example: API_VERSION },
  },
};

const HEADERS = {
  ETag: {
    description: 'The version of the resource, for If-Match',
    required: true,
    schema: { type: 'string', example: '"4"' },
  },
  Location: { description: 'Where the new resource is', required: true, schema: { type: 'string' } },
  'Content-Disposition': { description: 'attachment, with the file name', schema: { type: 'string' } },
} as const;

export interface ContractSpec {
  /** The success status (default 200). */
  status?: number;
  description: string;
  /** The success body: a response class, or `[Class]` for a bare array. Left out for no body. */
  type?: Type<unknown>;
  /** Other media types of the success answer, with their schemas (CSV, downloads). */
  alsoProduces?: Record<string, { type: string; format?: string }>;
  /** Replaces application/json (downloads that are never JSON). */
  onlyProduces?: Record<string, { type: string; format?: string }>;
  headers?: (keyof typeof HEADERS)[];
  /** Error statuses besides the ones every operation can give; `codes` for the 409 and 422 it gives. */
  errors?: number[];
  codes?: string[];
  /** No token needed: no 401 or 403. */
  isPublic?: boolean;
  /** Takes a body: 413 and 415 are possible. */
  hasBody?: boolean;
}

function errorResponse(status: number, codes: string[] | undefined) {
  const own = codes && (status === 409 || status === 422) ? codes.filter((c) => statusMatches(c, status)) : [];
  const listed = own.length > 0 ? own : CODES_OF[status];
  if (!listed) throw new Error(`ApiContract: say which codes status ${status} carries`);
  const example = { ...problem(listed[0], DESCRIPTION_OF[status]), status };
  return ApiResponse({
    status,
    description: `${DESCRIPTION_OF[status]}. code: ${listed.map((c) => `\`${c}\``).join(', ')}`,
    headers: API_VERSION_HEADER,
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) }, example } },
  });
}

function statusMatches(code: string, status: number): boolean {
  return problem(code, '').status === status;
}

/**
 * One line per operation of the JSON API: its success answer (body, headers) and every error
 * it can give, as problem+json. Every operation gets 400, 404, 414, 500 and 503, and 401 and
 * 403 unless public, 413 and 415 when it takes a body.
 */
export function ApiContract(spec: ContractSpec): MethodDecorator {
  const status = spec.status ?? 200;
  const headers: Record<string, unknown> = { ...API_VERSION_HEADER };
  for (const h of spec.headers ?? []) headers[h] = HEADERS[h];
  const content: Record<string, unknown> = {};
  if (spec.onlyProduces) {
    for (const [media, schema] of Object.entries(spec.onlyProduces)) content[media] = { schema };
  } else if (spec.type) {
    content['application/json'] = { schema: { $ref: getSchemaPath(spec.type) } };
    for (const [media, schema] of Object.entries(spec.alsoProduces ?? {})) content[media] = { schema };
  }
  const statuses = new Set([400, 404, 414, 500, 503, ...(spec.errors ?? [])]);
  if (!spec.isPublic) [401, 403].forEach((s) => statuses.add(s));
  if (spec.hasBody) [413, 415].forEach((s) => statuses.add(s));
  for (const c of spec.codes ?? []) statuses.add(problem(c, '').status);
  return applyDecorators(
    ApiExtraModels(ProblemDto, ...(spec.type ? [spec.type] : [])),
    ApiResponse({
      status,
      description: spec.description,
      headers: headers as never,
      ...(Object.keys(content).length > 0 ? { content: content as never } : {}),
    }),
    ...[...statuses].sort().map((s) => errorResponse(s, spec.codes)),
  );
}
