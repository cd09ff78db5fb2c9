import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, Role } from '../kernel/actor';
import { DomainError } from '../kernel/domain-error';

const ROLES_KEY = 'vakvoucher:roles';

/** Only these roles may call the route; checked before the body is validated. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles) return true;
    const actor = context.switchToHttp().getRequest<{ actor?: Actor }>().actor;
    if (!actor) throw new DomainError('unauthenticated', 'A bearer token is required');
    if (!roles.includes(actor.role)) throw new DomainError('forbidden', `Your role may not do this`);
    return true;
  }
}
