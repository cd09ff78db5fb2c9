import { Guard, StateMachine } from './state-machine';

type State = 'draft' | 'open' | 'closed';
type Action = 'create' | 'publish' | 'close' | 'reopen';
type Role = 'author' | 'editor';
interface Ctx {
  actorId: string;
  ownerId: string;
  note?: string;
}

const notOwner: Guard<Ctx> = { code: 'four-eyes', description: 'not the owner', check: (c) => c.actorId !== c.ownerId };
const noteGiven: Guard<Ctx> = {
  code: 'note-required',
  description: 'note given',
  needsInput: true,
  check: (c) => !!c.note,
};

const machine = new StateMachine<State, Action, Role, Ctx>([
  { action: 'create', from: [null], to: 'draft', roles: ['author'] },
  { action: 'publish', from: ['draft'], to: 'open', roles: ['editor'], guards: [notOwner] },
  { action: 'close', from: ['draft', 'open'], to: 'closed', roles: ['editor', 'author'], guards: [noteGiven] },
]);

const ctx = (over: Partial<Ctx> = {}): Ctx => ({ actorId: 'e-1', ownerId: 'a-1', ...over });

describe('StateMachine', () => {
  it('allows a listed action from a listed state by a listed role', () => {
    const decision = machine.decide('publish', 'draft', 'editor', ctx());
    expect(decision).toEqual({ allowed: true, transition: machine.transition('publish') });
  });

  it('treats null as the state before creation', () => {
    expect(machine.decide('create', null, 'author').allowed).toBe(true);
    expect(machine.decide('create', 'draft', 'author')).toEqual({ allowed: false, reason: 'illegal-transition' });
  });

  it('refuses an unknown action', () => {
    expect(machine.decide('reopen', 'closed', 'editor')).toEqual({ allowed: false, reason: 'unknown-action' });
  });

  it('says forbidden before illegal-transition, so a role learns nothing of the state', () => {
    expect(machine.decide('publish', 'closed', 'author')).toEqual({ allowed: false, reason: 'forbidden' });
    expect(machine.decide('publish', 'closed', 'editor')).toEqual({ allowed: false, reason: 'illegal-transition' });
  });

  it('names the first failing guard by its code', () => {
    expect(machine.decide('publish', 'draft', 'editor', ctx({ actorId: 'a-1' }))).toEqual({
      allowed: false,
      reason: 'guard-failed',
      guard: 'four-eyes',
    });
    expect(machine.decide('close', 'open', 'editor', ctx())).toEqual({
      allowed: false,
      reason: 'guard-failed',
      guard: 'note-required',
    });
  });

  it('does not judge guards without a context', () => {
    expect(machine.decide('close', 'open', 'editor').allowed).toBe(true);
  });

  it('lists allowed actions, skipping guards that need input and applying the others', () => {
    expect(machine.allowedActions('draft', 'editor', ctx())).toEqual(['publish', 'close']);
    expect(machine.allowedActions('draft', 'editor', ctx({ actorId: 'a-1' }))).toEqual(['close']);
    expect(machine.allowedActions('draft', 'author', ctx())).toEqual(['close']);
    expect(machine.allowedActions('closed', 'editor', ctx())).toEqual([]);
  });

  it('lists withheld actions with the code of the guard that refuses them, skipping guards that need input', () => {
    expect(machine.withheldActions('draft', 'editor', ctx({ actorId: 'a-1' }))).toEqual(
      new Map([['publish', 'four-eyes']]),
    );
    expect(machine.withheldActions('draft', 'editor', ctx())).toEqual(new Map());
    expect(machine.withheldActions('draft', 'author', ctx({ actorId: 'a-1' }))).toEqual(new Map());
    expect(machine.withheldActions('open', 'editor', ctx({ actorId: 'a-1' }))).toEqual(new Map());
  });

  it('knows whether a role may take an action at all', () => {
    expect(machine.roleMay('publish', 'editor')).toBe(true);
    expect(machine.roleMay('publish', 'author')).toBe(false);
    expect(machine.roleMay('reopen', 'editor')).toBe(false);
  });

  it('lists states in order of first appearance', () => {
    expect(machine.states()).toEqual(['draft', 'open', 'closed']);
  });

  it('draws a Mermaid diagram with one arrow per source state and the final states', () => {
    expect(machine.toMermaid()).toBe(
      [
        'stateDiagram-v2',
        '    [*] --> draft: create (author)',
        '    draft --> open: publish (editor) [not the owner]',
        '    draft --> closed: close (editor, author) [note given]',
        '    open --> closed: close (editor, author) [note given]',
        '    closed --> [*]',
      ].join('\n'),
    );
  });

  it('refuses a table that lists an action twice', () => {
    expect(
      () =>
        new StateMachine<State, Action, Role, Ctx>([
          { action: 'close', from: ['open'], to: 'closed', roles: ['editor'] },
          { action: 'close', from: ['draft'], to: 'closed', roles: ['editor'] },
        ]),
    ).toThrow(/twice/);
  });
});
