import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/** An application being filled in on the pages: the answers as typed, per field path. */
export interface Draft {
  id: string;
  ownerId: string;
  programmeCode: string;
  answers: Record<string, string>;
  /** Set once the draft was sent: a repeat of the send finds the application here. */
  submittedApplicationId: string | null;
  updatedAt: Date;
}

interface DraftRow {
  id: string;
  owner_id: string;
  programme_code: string;
  answers: Record<string, string>;
  submitted_application_id: string | null;
  updated_at: Date;
}

const fromRow = (r: DraftRow): Draft => ({
  id: r.id,
  ownerId: r.owner_id,
  programmeCode: r.programme_code,
  answers: r.answers,
  submittedApplicationId: r.submitted_application_id,
  updatedAt: r.updated_at,
});

const COLUMNS = 'id, owner_id, programme_code, answers, submitted_application_id, updated_at';

/**
 * Drafts of applications, saved as the applicant goes from question to question, so they can
 * stop and go on after logging in again (on any replica). At most one open draft per applicant
 * and programme; a sent draft stays, closed, so sending it again finds the application.
 */
@Injectable()
export class ApplicationDrafts {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The applicant's open draft for the programme, made when there is none. */
  async open(ownerId: string, programmeCode: string): Promise<Draft> {
    await this.db.query(
      `INSERT INTO application_drafts (id, owner_id, programme_code) VALUES ($1, $2, $3)
       ON CONFLICT (owner_id, programme_code) WHERE submitted_application_id IS NULL DO NOTHING`,
      [randomUUID(), ownerId, programmeCode],
    );
    return (await this.find(ownerId, programmeCode))!;
  }

  /** The applicant's open draft for the programme, if any. */
  async find(ownerId: string, programmeCode: string): Promise<Draft | null> {
    const rows = await this.db.query<DraftRow[]>(
      `SELECT ${COLUMNS} FROM application_drafts
       WHERE owner_id = $1 AND programme_code = $2 AND submitted_application_id IS NULL`,
      [ownerId, programmeCode],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** One of the applicant's drafts by id, open or sent. */
  async byId(ownerId: string, id: string): Promise<Draft | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const rows = await this.db.query<DraftRow[]>(
      `SELECT ${COLUMNS} FROM application_drafts WHERE id = $1 AND owner_id = $2`,
      [id, ownerId],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** The applicant's open drafts, newest first. */
  async openOf(ownerId: string): Promise<Draft[]> {
    const rows = await this.db.query<DraftRow[]>(
      `SELECT ${COLUMNS} FROM application_drafts
       WHERE owner_id = $1 AND submitted_application_id IS NULL ORDER BY updated_at DESC`,
      [ownerId],
    );
    return rows.map(fromRow);
  }

  /** Adds `answers` to an open draft (a sent draft is not changed). */
  async save(ownerId: string, id: string, answers: Record<string, string>): Promise<void> {
    await this.db.query(
      `UPDATE application_drafts SET answers = answers || $3::jsonb, updated_at = now()
       WHERE id = $1 AND owner_id = $2 AND submitted_application_id IS NULL`,
      [id, ownerId, JSON.stringify(answers)],
    );
  }

  /** Closes the draft: it became `applicationId`. */
  async markSubmitted(ownerId: string, id: string, applicationId: string): Promise<void> {
    await this.db.query(
      `UPDATE application_drafts SET submitted_application_id = $3, updated_at = now()
       WHERE id = $1 AND owner_id = $2 AND submitted_application_id IS NULL`,
      [id, ownerId, applicationId],
    );
  }
}
