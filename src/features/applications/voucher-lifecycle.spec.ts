import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REASON_TEXT_ACTIONS } from '../programmes/reason-texts';
import { LifecycleContext, NO_FACTS, voucherLifecycle } from './voucher-lifecycle';

describe('voucher lifecycle table', () => {
  it('lets programmes keep standard texts for exactly the officer rows that require a reason', () => {
    const needReason = voucherLifecycle.transitions
      .filter((t) => t.roles.includes('officer') && (t.guards ?? []).some((g) => g.code === 'reason-required'))
      .map((t) => t.action);
    expect([...REASON_TEXT_ACTIONS].sort()).toEqual(needReason.sort());
  });

  it('is the diagram the README shows', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const shown = /<!-- lifecycle:start -->\n```mermaid\n([\s\S]*?)\n```\n<!-- lifecycle:end -->/.exec(readme);
    expect(shown?.[1]).toBe(voucherLifecycle.toMermaid());
  });

  it('has the states and actions of docs/architecture.md', () => {
    expect(voucherLifecycle.states().sort()).toEqual(
      [
        'completed',
        'expired',
        'granted',
        'information-requested',
        'not-considered',
        'objection',
        'rejected',
        'reviewed',
        'submitted',
        'withdrawn',
      ].sort(),
    );
    expect(voucherLifecycle.transitions.map((t) => t.action)).toEqual([
      'submit',
      'review',
      'request-information',
      'supplement',
      'not-consider',
      'grant',
      'reject',
      'object',
      'uphold',
      'dismiss',
      'complete',
      'withdraw',
      'expire',
    ]);
    expect(voucherLifecycle.finalStates().sort()).toEqual(['completed', 'expired', 'withdrawn']);
  });

  it('lets only the system expire a voucher', () => {
    for (const role of ['applicant', 'officer', 'provincial', 'admin'] as const) {
      expect(voucherLifecycle.roleMay('expire', role)).toBe(false);
    }
    expect(voucherLifecycle.roleMay('expire', 'system')).toBe(true);
  });

  it('reads the place in the budget for the officer listing only where it could bring the grant', () => {
    const context = (reviewedBy: string) =>
      ({
        actor: { id: 'officer-a', role: 'officer' },
        programme: { fourEyes: true },
        application: { status: 'reviewed', reviewedBy, eligibility: { status: 'passed' } },
        input: {},
        now: new Date(),
        facts: NO_FACTS,
      }) as unknown as LifecycleContext;
    expect(voucherLifecycle.listingFactsFor('reviewed', 'officer')).toContain('withinBudget');
    // Another officer reviewed it: this one may grant if it is within budget.
    expect(voucherLifecycle.listingFactsFor('reviewed', 'officer', context('officer-b'))).toContain('withinBudget');
    // This officer reviewed it: four eyes withholds the grant whatever the budget says.
    expect(voucherLifecycle.listingFactsFor('reviewed', 'officer', context('officer-a'))).not.toContain('withinBudget');
  });
});
