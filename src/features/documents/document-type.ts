/** The kinds of document an upload may be, and the content types the portal accepts for them. */
export const DOCUMENT_KINDS = ['completion-proof', 'supporting'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const ACCEPTED_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PDF = Buffer.from('%PDF-', 'latin1');

/**
 * The type of a file judged by its first bytes (its signature), never by its name or the type
 * the client claims: a `.pdf` that is an executable is null. PDF readers accept a signature
 * within the first kilobyte; so does this, as long as only whitespace or a byte-order mark
 * comes before it.
 */
export function sniffType(bytes: Buffer): AcceptedType | null {
  if (bytes.subarray(0, PNG.length).equals(PNG)) return 'image/png';
  if (bytes.subarray(0, JPEG.length).equals(JPEG)) return 'image/jpeg';
  const head = bytes.subarray(0, 1024);
  const at = head.indexOf(PDF);
  if (at === 0) return 'application/pdf';
  if (
    at > 0 &&
    /^(\uFEFF|\s)*$/.test(
      head
        .subarray(0, at)
        .toString('latin1')
        .replace(/\xEF\xBB\xBF/g, ''),
    )
  ) {
    return 'application/pdf';
  }
  return null;
}

/**
 * The name to keep and offer on download: the last path segment of what the client sent,
 * without control characters, at most 200 characters; `document` when nothing is left.
 */
export function cleanFileName(name: string | undefined): string {
  const last = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return clean.length > 0 ? clean.slice(0, 200) : 'document';
}
