export interface InvalidParam {
  name: string;
  reason: string;
}

/**
 * An error the domain raises on purpose. `code` is the stable machine word of docs/api.md;
 * the HTTP layer alone decides which status it becomes.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly invalidParams: InvalidParam[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
