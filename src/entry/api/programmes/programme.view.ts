import { Programme } from '../../../features/programmes/programme.entity';
import { programmeStatus } from '../../../features/programmes/programme-status';

/** The programme as docs/api.md shows it, with its read-only counters. */
export function programmeView(p: Programme) {
  return {
    code: p.code,
    name: p.name,
    province: p.province,
    funders: p.funders,
    budgetCents: p.budgetCents,
    minAmountCents: p.minAmountCents,
    maxAmountCents: p.maxAmountCents,
    maxCoFundingPercent: p.maxCoFundingPercent,
    opensAt: p.opensAt.toISOString(),
    closesAt: p.closesAt.toISOString(),
    region: p.region,
    targetGroups: p.targetGroups,
    trainingKinds: p.trainingKinds,
    milestones: p.milestones,
    targets: p.targets,
    fourEyes: p.fourEyes,
    voucherValidityDays: p.voucherValidityDays,
    providerCap: p.providerCap,
    informationTermDays: p.informationTermDays,
    reasonTexts: p.reasonTexts,
    allocation: p.allocation,
    grantedCount: p.grantedCount,
    committedCents: p.committedCents,
    spentCents: p.spentCents,
    availableCents: p.budgetCents - p.committedCents - p.spentCents,
    status: programmeStatus(p),
  };
}
