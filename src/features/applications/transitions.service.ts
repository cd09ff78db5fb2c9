import { Inject, Injectable } from '@nestjs/common';
import { Actor } from '../../platform/kernel/actor';
import { DomainError } from '../../platform/kernel/domain-error';
import { invalidRequest } from '../../platform/http/validation.pipe';
import { ProgrammesService } from '../programmes/programmes.service';
import { AccessLog } from '../access/access-log.service';
import { ApplicationsService } from './applications.service';
import { LIFECYCLE, TransitionHooks, TransitionRunner } from './transition-runner.service';
import { Action, Lifecycle, LifecycleContext, NO_FACTS, TransitionInput } from './voucher-lifecycle';

/**
 * Reads an If-Match header: "4" (or 4), or * for any. A weak tag (W/"4") never matches:
 * If-Match compares strongly (RFC 9110 §13.1.1), so it answers 412.
 */
function expectedVersion(ifMatch: string | undefined): number | null {
  if (ifMatch === undefined || ifMatch.trim() === '*') return null;
  const match = /^\s*(W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
  if (!match) throw invalidRequest([{ name: 'If-Match', reason: 'If-Match must be an ETag such as "4"' }]);
  return match[1] ? -1 : Number(match[2]);
}

@Injectable()
export class TransitionsService {
  constructor(
    @Inject(LIFECYCLE) private readonly lifecycle: Lifecycle,
    private readonly applications: ApplicationsService,
    private readonly runner: TransitionRunner,
    private readonly accessLog: AccessLog,
    private readonly hooks: TransitionHooks,
    private readonly programmes: ProgrammesService,
  ) {}

  /**
   * Takes `action` on an application, in the order the API reveals refusals:
   * 404 (not visible), 403 (role), 412 (stale If-Match), 409 (state), 422 (guards). With a
   * `route` the caller gets the application back, and a staff member's read of it is logged.
   */
  async transition(actor: Actor, id: string, action: Action, input: TransitionInput, ifMatch?: string, route?: string) {
    const application = await this.applications.getVisible(actor, id);
    if (!this.lifecycle.roleMay(action, actor.role)) {
      throw this.lifecycle.refusal({ allowed: false, reason: 'forbidden' }, action);
    }
    const expected = expectedVersion(ifMatch);
    if (expected !== null && expected !== application.version) {
      throw new DomainError(
        'version-mismatch',
        `The application is at version ${application.version}, not ${expected}`,
      );
    }
    // Its row guards the application (foreign key), so it is there.
    const programme = (await this.programmes.byId(application.programmeId))!;
    const row = this.lifecycle.transition(action);
    // Documents are only added, and a clean scan stays clean: facts read before the write still hold at its commit.
    const kinds = row ? this.lifecycle.factsFor(row) : [];
    const facts =
      kinds.length > 0 ? (await this.hooks.factsOf([application.id], kinds)).get(application.id)! : NO_FACTS;
    const context: LifecycleContext = { actor, programme, application, input, now: new Date(), facts };
    const verdict = this.lifecycle.decide(action, application.status, actor.role, context);
    if (!verdict.allowed) throw this.lifecycle.refusal(verdict, action);
    // The answer shows the application: its logged read commits with the step (one commit, not two).
    const updated = await this.runner.write(verdict.transition, context, {
      alsoWritten: route === undefined ? undefined : this.accessLog.readStatement(actor, [application.id], route),
    });
    return { application: updated, programme };
  }
}
