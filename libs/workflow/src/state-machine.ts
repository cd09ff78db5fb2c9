/**
 * A generic, typed state machine driven by one transition table.
 * Free of NestJS and TypeORM: it only answers questions about the table.
 */

/** A named precondition of a transition. `code` is the stable word callers branch on. */
export interface Guard<C> {
  code: string;
  description: string;
  /**
   * True when the guard can only be judged with the caller's input (a reason, an amount).
   * Such guards are skipped when listing the actions a caller may take now.
   */
  needsInput?: boolean;
  check(context: C): boolean;
}

export interface Transition<S extends string, A extends string, R extends string, C> {
  action: A;
  /** States the action may start from; `null` stands for "no entity yet" (creation). */
  from: readonly (S | null)[];
  to: S;
  roles: readonly R[];
  guards?: readonly Guard<C>[];
}

/** The machine's answer to "may this happen?": the row that applies, or why not. */
export type Verdict<T> =
  | { allowed: true; transition: T }
  | { allowed: false; reason: 'unknown-action' | 'forbidden' | 'illegal-transition' }
  | { allowed: false; reason: 'guard-failed'; guard: string };

/**
 * `T` is the row type: a caller may extend Transition with what its rows carry besides
 * (effects, event names) and gets its own rows back from `decide` and `transition`.
 */
export class StateMachine<
  S extends string,
  A extends string,
  R extends string,
  C = unknown,
  T extends Transition<S, A, R, C> = Transition<S, A, R, C>,
> {
  private readonly byAction = new Map<A, T>();

  constructor(readonly transitions: readonly T[]) {
    for (const transition of transitions) {
      if (this.byAction.has(transition.action)) {
        throw new Error(`Transition table lists action "${transition.action}" twice`);
      }
      this.byAction.set(transition.action, transition);
    }
  }

  transition(action: A): T | undefined {
    return this.byAction.get(action);
  }

  /** May this role take this action at all, whatever the state? */
  roleMay(action: A, role: R): boolean {
    return this.byAction.get(action)?.roles.includes(role) ?? false;
  }

  /**
   * May `role` take `action` on an entity in `state`? Checked in the order callers must
   * reveal them: unknown action, role, state, then each guard in table order.
   * Without a context the guards are not evaluated.
   */
  decide(action: A, state: S | null, role: R, context?: C): Verdict<T> {
    const transition = this.byAction.get(action);
    if (!transition) return { allowed: false, reason: 'unknown-action' };
    if (!transition.roles.includes(role)) return { allowed: false, reason: 'forbidden' };
    if (!transition.from.includes(state)) return { allowed: false, reason: 'illegal-transition' };
    if (context !== undefined) {
      const failed = (transition.guards ?? []).find((guard) => !guard.check(context));
      if (failed) return { allowed: false, reason: 'guard-failed', guard: failed.code };
    }
    return { allowed: true, transition };
  }

  /** The actions `role` may take now; guards that need the caller's input are not judged. */
  allowedActions(state: S | null, role: R, context?: C): A[] {
    return this.rowsOpenTo(state, role)
      .filter((t) => context === undefined || !this.refusingGuard(t, context))
      .map((t) => t.action);
  }

  /**
   * The actions `role` could take in `state` that a guard refuses now, each with that guard's
   * code, in table order; guards that need the caller's input are not judged.
   */
  withheldActions(state: S | null, role: R, context: C): Map<A, string> {
    const withheld = new Map<A, string>();
    for (const t of this.rowsOpenTo(state, role)) {
      const guard = this.refusingGuard(t, context);
      if (guard) withheld.set(t.action, guard.code);
    }
    return withheld;
  }

  private rowsOpenTo(state: S | null, role: R): T[] {
    return this.transitions.filter((t) => t.roles.includes(role) && t.from.includes(state));
  }

  /** The first guard of `t` that refuses `context`, leaving out those that need the caller's input. */
  private refusingGuard(t: T, context: C): Guard<C> | undefined {
    return (t.guards ?? []).find((guard) => !guard.needsInput && !guard.check(context));
  }

  /** Every state the table mentions, in order of first appearance. */
  states(): S[] {
    const seen = new Set<S>();
    for (const t of this.transitions) {
      for (const s of t.from) if (s !== null) seen.add(s);
      seen.add(t.to);
    }
    return [...seen];
  }

  /** States no transition leaves: where an entity's life ends. */
  finalStates(): S[] {
    return this.states().filter((s) => !this.transitions.some((t) => t.from.includes(s)));
  }

  /**
   * A Mermaid state diagram of the table: one arrow per (from, action). A state whose name is
   * not a plain identifier (information-requested) is declared with an alias first.
   */
  toMermaid(): string {
    const lines = ['stateDiagram-v2'];
    const id = (s: S) => s.replace(/[^A-Za-z0-9_]/g, '_');
    for (const s of this.states()) if (id(s) !== s) lines.push(`    state "${s}" as ${id(s)}`);
    for (const t of this.transitions) {
      const who = t.roles.join(', ');
      const guards = (t.guards ?? []).map((g) => g.description);
      const label = [t.action, `(${who})`, guards.length ? `[${guards.join(', ')}]` : ''].filter(Boolean).join(' ');
      for (const from of t.from) {
        lines.push(`    ${from === null ? '[*]' : id(from)} --> ${id(t.to)}: ${label}`);
      }
    }
    for (const s of this.finalStates()) lines.push(`    ${id(s)} --> [*]`);
    return lines.join('\n');
  }
}
