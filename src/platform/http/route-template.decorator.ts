import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The route as its template, e.g. `GET /api/v1/applications/:id` (never the raw URL with its ids). */
export function routeTemplate(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
}

/** The request's route template, for use cases that log which route read what (the access log). */
export const RouteTemplate = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  routeTemplate(context.switchToHttp().getRequest<FastifyRequest>()),
);
