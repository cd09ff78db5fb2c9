/** Words shared by programmes and applications (docs/domain.md). */
export const TARGET_GROUPS = ['jobseeker', 'employee', 'career-switcher', 'self-employed', 'teacher'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export const TRAINING_KINDS = ['upskilling', 'reskilling', 'retraining'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

export const GENDERS = ['female', 'male', 'non-binary', 'undisclosed'] as const;
export const LOCALES = ['nl', 'en'] as const;

/** Largest amount of money one field may hold: EUR 10 million, in cents. */
export const MAX_CENTS = 1_000_000_000;
/** Largest programme budget: EUR 10 billion, in cents. */
export const MAX_BUDGET_CENTS = 1_000_000_000_000;

/** The twelve Dutch provinces, by the two-letter codes programmes and provincial staff carry. */
export const PROVINCES = ['GR', 'FR', 'DR', 'OV', 'FL', 'GE', 'UT', 'NH', 'ZH', 'ZE', 'NB', 'LI'] as const;
export type Province = (typeof PROVINCES)[number];
