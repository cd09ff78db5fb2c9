export const ROLES = ['applicant', 'officer', 'provincial', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: taken from a verified token, or the system itself (scheduler). */
export interface Actor {
  id: string;
  role: Role;
  /** Officer scope: programme codes, or ['*'] for all. */
  programmes: string[];
  /** Provincial scope, e.g. 'OV'. */
  province: string | null;
  name: string | null;
  email: string | null;
}

export const SYSTEM_ACTOR: Actor = {
  id: 'system',
  role: 'system',
  programmes: ['*'],
  province: null,
  name: 'Vakvoucher',
  email: null,
};

export function officerCovers(actor: Actor, programmeCode: string): boolean {
  return actor.programmes.includes('*') || actor.programmes.includes(programmeCode);
}
