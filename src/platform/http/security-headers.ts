import type { FastifyInstance } from 'fastify';

/** Sent with every response of the app, whatever answered it. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  // Nothing this api serves links anywhere that should learn where the reader came from.
  'referrer-policy': 'no-referrer',
};

/** Paths whose answers hold personal data (applications, the caller's own data, the access log) or job data. */
const PRIVATE_PATH = /^\/(?:api\/v1\/(?:applications|me|access-log)|admin\/queues)(?:[/?#]|$)/;

/**
 * The security headers of the response to `url`: SECURITY_HEADERS, plus `Cache-Control: no-store`
 * for personal data, so no browser or proxy keeps a copy. (An ETag is a validator, not a cache
 * instruction: clients still read it for If-Match.)
 */
export function securityHeadersFor(url: string): Record<string, string> {
  return PRIVATE_PATH.test(url) ? { ...SECURITY_HEADERS, 'cache-control': 'no-store' } : { ...SECURITY_HEADERS };
}

/**
 * Every web page: scripts and styles only from this site (no inline script), no framing, forms
 * only to this site. The OpenAPI UI and the queue dashboard bring their own pages and rules.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

const OWN_PAGES_EXCEPT = /^\/(?:api\/docs|admin\/queues)(?:[/?#]|$)/;

/** Sets the security headers on every response that goes through Fastify's hooks. */
export function addSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    void reply.headers(securityHeadersFor(request.url));
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html') && !OWN_PAGES_EXCEPT.test(request.url)) {
      // A page that sets its own policy (the local mailbox's HTML part) keeps it.
      const own = reply.getHeader('content-security-policy');
      void reply.headers(own ? { ...PAGE_HEADERS, 'content-security-policy': String(own) } : PAGE_HEADERS);
    }
    return payload;
  });
}
