import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { DomainError } from '../kernel/domain-error';
import { replyWithProblem } from './problem.filter';

/** One multipart/form-data request with at most one file: its text fields and the file. */
export interface MultipartForm {
  fields: Record<string, string>;
  file: { field: string; fileName: string; bytes: Buffer } | null;
}

/** The route templates that take multipart bodies; every other route refuses them (415). */
export const MULTIPART_ROUTES = new Set<string>();

/**
 * Registers @fastify/multipart with limits for one file of at most `maxFileBytes` and a few
 * short fields. The parser is Fastify-wide, so a hook refuses multipart bodies on every route
 * not in MULTIPART_ROUTES before anything reads them: those keep the JSON body limit.
 */
export async function registerMultipart(fastify: FastifyInstance, maxFileBytes: number): Promise<void> {
  await fastify.register(multipart, {
    limits: { fileSize: maxFileBytes, files: 1, fields: 8, fieldSize: 1000, parts: 10, headerPairs: 50 },
    throwFileSizeLimit: true,
  });
  fastify.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url;
    if (request.isMultipart() && route !== undefined && !MULTIPART_ROUTES.has(route)) {
      replyWithProblem(reply, new DomainError('unsupported-media-type', 'Send application/json'));
      return reply;
    }
  });
}

const MULTIPART_ERRORS: Record<string, () => DomainError> = {
  FST_INVALID_MULTIPART_CONTENT_TYPE: () =>
    new DomainError('unsupported-media-type', 'Send multipart/form-data', [
      { name: 'body', reason: 'the body must be multipart/form-data' },
    ]),
  FST_FILES_LIMIT: () =>
    new DomainError('invalid-request', 'Send one file', [{ name: 'file', reason: 'send exactly one file' }]),
  FST_PARTS_LIMIT: () =>
    new DomainError('invalid-request', 'The form has too many parts', [{ name: 'body', reason: 'too many parts' }]),
  FST_FIELDS_LIMIT: () =>
    new DomainError('invalid-request', 'The form has too many fields', [{ name: 'body', reason: 'too many fields' }]),
  FST_PROTO_VIOLATION: () =>
    new DomainError('invalid-request', 'A field name is not allowed', [{ name: 'body', reason: 'bad field name' }]),
};

/**
 * Reads a multipart form with at most one file into memory (its size is bounded by the
 * registered limit). `tooLarge` is the error for a file over the limit. Malformed bodies are
 * 400, a body that is not multipart 415; a NUL in a field or file name is refused like
 * anywhere else.
 */
export async function readMultipartForm(request: FastifyRequest, tooLarge: () => DomainError): Promise<MultipartForm> {
  const form: MultipartForm = { fields: {}, file: null };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (form.file) throw MULTIPART_ERRORS.FST_FILES_LIMIT();
        form.file = { field: part.fieldname, fileName: part.filename ?? '', bytes };
      } else {
        if (typeof part.value !== 'string' || part.valueTruncated) {
          throw new DomainError('invalid-request', `${part.fieldname} is too long`, [
            { name: part.fieldname, reason: `${part.fieldname} must be a short text` },
          ]);
        }
        form.fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    const known = MULTIPART_ERRORS[code];
    if (known) throw known();
    throw new DomainError('invalid-request', 'The body is not a well-formed multipart form', [
      { name: 'body', reason: (error as Error).message.slice(0, 200) },
    ]);
  }
  for (const [name, value] of [
    ...Object.entries(form.fields),
    ...(form.file ? [['file', form.file.fileName] as const] : []),
  ]) {
    if (value.includes('\u0000')) {
      throw new DomainError('invalid-request', `${name} contains a NUL character`, [
        { name, reason: `${name} must not contain the NUL character (U+0000)` },
      ]);
    }
  }
  return form;
}
