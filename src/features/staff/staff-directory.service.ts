import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor } from '../../platform/kernel/actor';
import { StaffSeen } from '../../platform/auth/staff-seen';

export interface StaffMember {
  id: string;
  role: 'officer' | 'provincial' | 'admin';
  name: string | null;
  email: string | null;
  locale: 'nl' | 'en';
  programmes: string[];
  province: string | null;
}

const REFRESH_MS = 60 * 60 * 1000;

/**
 * Who gets programme mail (milestones, digests): officers and provincial staff, remembered
 * from the claims of their tokens when they call the api (at most once an hour per person
 * per process), so the identity provider stays the one place where staff are managed.
 */
@Injectable()
export class StaffDirectory implements StaffSeen {
  private readonly seen = new Map<string, number>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async remember(actor: Actor): Promise<void> {
    if (actor.role !== 'officer' && actor.role !== 'provincial') return;
    const key = `${actor.id}|${actor.role}|${actor.email}|${actor.programmes.join(',')}|${actor.province}`;
    const last = this.seen.get(key);
    if (last !== undefined && Date.now() - last < REFRESH_MS) return;
    this.seen.set(key, Date.now());
    // Only provincial staff have a province, and the column holds two letters.
    const province = actor.role === 'provincial' && /^[A-Z]{2}$/.test(actor.province ?? '') ? actor.province : null;
    try {
      await this.db.query(
        `INSERT INTO staff_members (id, role, name, email, programmes, province, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (id) DO UPDATE SET role = $2, name = $3, email = $4, programmes = $5, province = $6, last_seen_at = now()`,
        [actor.id, actor.role, actor.name, actor.email, actor.programmes, province],
      );
    } catch (error) {
      this.seen.delete(key); // not remembered: try again on the next request
      throw error;
    }
  }

  /** The staff member with this id, if known. */
  async byId(id: string): Promise<StaffMember | null> {
    const rows: StaffMember[] = await this.db.query(
      `SELECT id, role, name, email, locale, programmes, province FROM staff_members WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Officers whose scope covers the programme. */
  async officersOf(programmeCode: string): Promise<StaffMember[]> {
    return this.db.query(
      `SELECT id, role, name, email, locale, programmes, province FROM staff_members
       WHERE role = 'officer' AND ($1 = ANY(programmes) OR '*' = ANY(programmes)) ORDER BY id`,
      [programmeCode],
    );
  }

  /** Provincial staff of a province. */
  async provincialStaffOf(province: string): Promise<StaffMember[]> {
    return this.db.query(
      `SELECT id, role, name, email, locale, programmes, province FROM staff_members
       WHERE role = 'provincial' AND province = $1 ORDER BY id`,
      [province],
    );
  }

  /** Every officer, for the daily digest. */
  async allOfficers(): Promise<StaffMember[]> {
    return this.db.query(
      `SELECT id, role, name, email, locale, programmes, province FROM staff_members WHERE role = 'officer' ORDER BY id`,
    );
  }

  /** The provinces that have provincial staff, for the monthly reports. */
  async provincesWithStaff(): Promise<string[]> {
    const rows: { province: string }[] = await this.db.query(
      `SELECT DISTINCT province FROM staff_members WHERE role = 'provincial' AND province IS NOT NULL ORDER BY province`,
    );
    return rows.map((r) => r.province);
  }
}
