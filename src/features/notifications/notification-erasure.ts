import type { EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

/** What a message's body becomes once its application's personal data is removed. */
export const ERASED_BODY = '[removed after the retention period / verwijderd na de bewaartermijn]';

/**
 * Removes the personal data from the messages about these applications (the applicant's and
 * the staff's): the e-mail address and the body, which greets the applicant by name. The
 * subject (reference and programme), the template and the times stay, so it remains known
 * which letters went out. Inside the caller's transaction.
 */
export async function eraseMessagesOf(tx: Queryable, applicationIds: string[]): Promise<number> {
  const [, count] = await tx.query<[unknown, number]>(
    `UPDATE notifications SET address = NULL, body = $2
     WHERE application_id = ANY($1::uuid[]) AND (address IS NOT NULL OR body <> $2)`,
    [applicationIds, ERASED_BODY],
  );
  return count;
}
