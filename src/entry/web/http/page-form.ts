import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';

/** How many files one page form may carry at once (each within the document size limit). */
export const PAGE_FORM_FILES = 5;

/** A file a page form carried; `fileName` is what the browser sent. */
export interface PageFile {
  fileName: string;
  bytes: Buffer;
}

/**
 * A page form with files, as read: its text fields, its files (an empty file field, which a
 * browser sends when nothing was chosen, is left out), and what stopped the reading, if
 * anything: a file over the size limit, too many files, or a body that could not be read.
 * Fields before the problem are kept, so the form can be shown again with them.
 */
export interface PageForm {
  fields: Record<string, string>;
  files: PageFile[];
  problem: { kind: 'too-large'; fileName: string } | { kind: 'too-many' | 'unreadable' } | null;
}

const PARTS = Symbol('vakvoucher:page-form-parts');
type WithParts = FastifyRequest & { [PARTS]?: AsyncIterableIterator<Multipart> };

/** Room for a 2000-character answer in any script (UTF-8), and the form token. */
const FIELD_BYTES = 8 * 1024;

/**
 * The form token of a multipart page form, for the page guard. It must be the first part (the
 * hidden `_csrf` field comes before any file field in every form), so nothing of a forged
 * request's files is read before its token is judged. The rest stays for `readPageForm`.
 */
export async function multipartToken(request: FastifyRequest): Promise<string | undefined> {
  const parts = request.parts({
    limits: { files: PAGE_FORM_FILES, fieldSize: FIELD_BYTES, fields: 8, parts: PAGE_FORM_FILES + 8 },
  });
  (request as WithParts)[PARTS] = parts;
  try {
    const first = await parts.next();
    if (first.done || first.value.type !== 'field' || first.value.fieldname !== '_csrf') return undefined;
    return typeof first.value.value === 'string' ? first.value.value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The rest of a page form: multipart after the guard took its token, or a plain form (then
 * without files). Files are read into memory, each within the document size limit.
 */
export async function readPageForm(request: FastifyRequest): Promise<PageForm> {
  const form: PageForm = { fields: {}, files: [], problem: null };
  const parts = (request as WithParts)[PARTS];
  if (!parts) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(body)) if (typeof value === 'string') form.fields[name] = value;
    return form;
  }
  let current = '';
  try {
    for await (const part of parts) {
      if (part.type === 'file') {
        current = part.filename ?? '';
        const bytes = await part.toBuffer();
        if (current === '' && bytes.length === 0) continue;
        form.files.push({ fileName: current, bytes });
      } else if (typeof part.value === 'string' && !part.valueTruncated) {
        form.fields[part.fieldname] = part.value;
      } else {
        form.problem = { kind: 'unreadable' };
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    form.problem =
      code === 'FST_REQ_FILE_TOO_LARGE'
        ? { kind: 'too-large', fileName: current }
        : code === 'FST_FILES_LIMIT'
          ? { kind: 'too-many' }
          : { kind: 'unreadable' };
  }
  return form;
}
