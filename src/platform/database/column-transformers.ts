import { ValueTransformer } from 'typeorm';

/** bigint columns arrive from pg as strings; money in cents fits a JS number exactly. */
export const bigintAsNumber: ValueTransformer = {
  to: (value?: number | null) => value,
  from: (value?: string | null) => (value === null || value === undefined ? value : Number(value)),
};
