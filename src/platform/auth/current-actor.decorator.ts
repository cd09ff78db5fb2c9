import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { RequestWithActor } from './auth.guard';

/**
 * The verified caller of the request. Always set on protected routes; on public routes only
 * when a valid token was sent, otherwise undefined.
 */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<RequestWithActor>().actor,
);
