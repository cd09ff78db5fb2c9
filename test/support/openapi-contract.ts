import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import addFormats from 'ajv-formats';
import { OpenAPIBackend, OpenAPIRouter, OpenAPIValidator, type Operation } from 'openapi-backend';

/**
 * Every answer a test receives from /api/v1 is checked against the OpenAPI document the app
 * serves (/api/docs-json): its status must be documented for the operation, its media type
 * listed, its headers (API-Version, ETag, Location…) present and valid, its JSON body valid
 * against the schema. So the document cannot drift from the code. openapi-backend (Ajv) does
 * the checking.
 */

type Schema = Record<string, unknown>;

/**
 * OpenAPI 3.0 writes a nullable object as `{ nullable: true, allOf: [{ $ref }] }`, which client
 * generators read as "the object or null"; JSON Schema (Ajv) would apply the $ref to null too.
 * This gives Ajv the same reading.
 */
function nullableRefsForAjv(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableRefsForAjv);
  if (!node || typeof node !== 'object') return node;
  const schema: Schema = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, nullableRefsForAjv(v)]));
  if (schema.nullable === true && Array.isArray(schema.allOf)) {
    const { nullable: _n, type: _t, allOf, ...rest } = schema;
    return { ...rest, anyOf: [{ allOf }, { type: 'null' }] };
  }
  return schema;
}

/**
 * openapi-backend checks JSON bodies under `application/json` only; an error's problem+json is
 * JSON too, so the checker gets its schema under that name. (The media type itself is checked
 * against the document as served.)
 */
function problemsAsJson(document: { paths: Record<string, Record<string, { responses?: Schema }>> }) {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      for (const response of Object.values(operation.responses ?? {}) as { content?: Schema }[]) {
        const problem = response.content?.['application/problem+json'];
        if (problem && !response.content?.['application/json']) response.content!['application/json'] = problem;
      }
    }
  }
  return document;
}

/**
 * openapi-backend's router lists (copies) every operation of the document again for each match;
 * the document never changes once loaded, so the list is made once.
 */
class ListOnceRouter extends OpenAPIRouter {
  private operations?: Operation[];
  getOperations(): Operation[] {
    return (this.operations ??= super.getOperations());
  }
}

interface Contract {
  router: OpenAPIRouter;
  validator: OpenAPIValidator;
  /** Media types and required headers of each operation's answers, by operationId and status, as the document says. */
  answers: Map<string, { types: string[]; requiredHeaders: string[] }>;
}

const validators = new WeakMap<NestFastifyApplication, Promise<Contract>>();

function validatorFor(app: NestFastifyApplication): Promise<Contract> {
  let validator = validators.get(app);
  if (!validator) {
    validator = (async () => {
      const served = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/api/docs-json' });
      if (served.statusCode !== 200) throw new Error(`openapi-contract: /api/docs-json answered ${served.statusCode}`);
      const document = JSON.parse(served.body) as {
        servers: { url: string }[];
        paths: Record<string, Record<string, { operationId: string; responses: Schema }>>;
      };
      const answers: Contract['answers'] = new Map();
      for (const item of Object.values(document.paths)) {
        for (const operation of Object.values(item)) {
          for (const [status, response] of Object.entries(operation.responses) as [string, Schema][]) {
            const headers = Object.entries((response.headers ?? {}) as Record<string, { required?: boolean }>);
            answers.set(`${operation.operationId} ${status}`, {
              types: Object.keys((response.content as Schema) ?? {}),
              requiredHeaders: headers.filter(([, h]) => h.required).map(([name]) => name.toLowerCase()),
            });
          }
        }
      }
      const apiRoot = document.servers[0].url;
      // Loads, checks and dereferences the document; compiles nothing (validate: false).
      const api = new OpenAPIBackend({
        definition: nullableRefsForAjv(problemsAsJson(JSON.parse(served.body))) as never,
        apiRoot,
        validate: false,
        strict: false,
        quick: false,
      });
      await api.init();
      const router = new ListOnceRouter({ definition: api.definition, apiRoot });
      // A test file calls a handful of the operations: each one's validators are compiled on its
      // first answer, not all of them up front for every file.
      const validator = new OpenAPIValidator({
        definition: api.definition,
        router,
        lazyCompileValidators: true,
        // date, date-time, uuid, … are checked, not ignored.
        customizeAjv: (ajv) => {
          addFormats(ajv);
          return ajv;
        },
      });
      return { router, validator, answers };
    })();
    validators.set(app, validator);
  }
  return validator;
}

export interface ReceivedResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: unknown;
}

/**
 * Throws, naming what is wrong, when `response` to `method url` is not what the document says.
 * Paths the document does not describe (outside /api/v1, or no such route) are not checked.
 */
export async function checkAgainstContract(
  app: NestFastifyApplication,
  method: string,
  url: string,
  response: ReceivedResponse,
): Promise<void> {
  if (!url.startsWith('/api/v1/')) return;
  const { router, validator, answers } = await validatorFor(app);
  const path = url.split('?')[0];
  let operation: Operation | undefined;
  try {
    operation = router.matchOperation({ method: method.toLowerCase(), path, headers: {} });
  } catch {
    return; // a path no router would take (bad percent-encoding): answered by the framework
  }
  if (!operation) return;
  const where = `${method} ${url} → ${response.status}`;
  const answer = answers.get(`${operation.operationId} ${response.status}`);
  if (!answer) {
    throw new Error(`OpenAPI contract: ${where} is not a documented answer of ${operation.operationId}`);
  }
  const types = answer.types;
  const type = String(response.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
  const hasBody = response.body !== '' && response.body !== undefined;
  if (hasBody && !types.includes(type)) {
    throw new Error(
      `OpenAPI contract: ${where} answered ${type || 'no content type'}; documented: ${types.join(', ')}`,
    );
  }
  const headers = Object.fromEntries(
    Object.entries(response.headers)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v)]),
  );
  const missing = answer.requiredHeaders.filter((name) => !(name in headers));
  if (missing.length > 0) throw new Error(`OpenAPI contract: ${where} headers: missing ${missing.join(', ')}`);
  const headerCheck = validator.validateResponseHeaders(headers, operation, { statusCode: response.status });
  if (headerCheck.errors?.length) {
    throw new Error(`OpenAPI contract: ${where} headers: ${JSON.stringify(headerCheck.errors)}`);
  }
  if (hasBody && type.endsWith('json')) {
    const bodyCheck = validator.validateResponse(response.body, operation, response.status);
    if (bodyCheck.errors?.length) {
      throw new Error(
        `OpenAPI contract: ${where} body does not match the document: ${JSON.stringify(bodyCheck.errors.slice(0, 5))}`,
      );
    }
  }
}
