import type { Catalogue } from '../nl';

/** The programme form's standard reason texts (one field per action), in English; the same keys as reason-texts.nl.ts. */
export const reasonTextsEn: Catalogue['reasonTexts'] = {
  section: 'Standard texts for the reason',
  intro:
    'With a decision, the officer picks one of these texts and edits it where needed. Leave a field empty for the general standard texts.',
  hint: 'One text per line, at most 5 texts of at most 500 characters each',
  label: {
    'request-information': 'Request information',
    reject: 'Reject',
    'not-consider': 'Not consider',
    dismiss: 'Dismiss an objection',
    uphold: 'Uphold an objection',
  },
  error: 'Enter at most 5 texts, one per line, each at most 500 characters',
};
