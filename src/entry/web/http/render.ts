import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { FastifyReply } from 'fastify';

/**
 * Sends a page. preact-render-to-string escapes every text and attribute value, so whatever a
 * person typed is shown as text, never as markup. Pages are not cached: they show one
 * person's data (the security headers of every HTML answer are added in platform/http).
 */
export function sendPage(reply: FastifyReply, status: number, page: VNode): void {
  void reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('vary', 'Cookie')
    .send(`<!DOCTYPE html>${renderToString(page)}`);
}

/** After a POST: go to `location` with GET (303), so reloading does not send the form again. */
export function seeOther(reply: FastifyReply, location: string): void {
  void reply.status(303).header('location', location).header('cache-control', 'no-store').send();
}

/** Only paths of this site: a `next` from a query string must not send anyone elsewhere. */
export function localPath(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : fallback;
}
