import { InvalidParam } from '../kernel/domain-error';

/** RFC 9457 problem details, with our stable `code`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  invalidParams?: InvalidParam[];
}

/** HTTP status of each problem code; any other domain code is a broken business rule: 422. */
const STATUS_OF: Record<string, number> = {
  'invalid-request': 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'illegal-transition': 409,
  conflict: 409,
  'document-not-available': 409,
  'document-too-large': 413,
  'unsupported-document-type': 415,
  'programme-exists': 409,
  'version-mismatch': 412,
  'payload-too-large': 413,
  'uri-too-long': 414,
  'unsupported-media-type': 415,
  'internal-error': 500,
  'service-unavailable': 503,
};

const TITLE_OF: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusOf(code: string): number {
  return STATUS_OF[code] ?? 422;
}

export function problem(code: string, detail: string, invalidParams?: InvalidParam[]): ProblemDetails {
  const status = statusOf(code);
  return {
    type: `urn:vakvoucher:problem:${code}`,
    title: TITLE_OF[status] ?? 'Error',
    status,
    detail,
    code,
    ...(invalidParams && invalidParams.length > 0 ? { invalidParams } : {}),
  };
}
