import { preferredType } from './content-negotiation';

const prefersCsv = (accept: string | undefined) =>
  preferredType(accept, ['application/json', 'text/csv']) === 'text/csv';

describe('preferredType', () => {
  it('chooses by q-value, then by the more specific range; JSON by default', () => {
    expect(prefersCsv('text/csv')).toBe(true);
    expect(prefersCsv('text/csv; charset=utf-8')).toBe(true);
    expect(prefersCsv('text/csv, application/json;q=0.9')).toBe(true);
    expect(prefersCsv('text/*')).toBe(true);
    expect(prefersCsv('application/json, text/csv;q=0.5')).toBe(false);
    expect(prefersCsv('text/csv;q=0.5, application/json')).toBe(false);
    expect(prefersCsv('application/json')).toBe(false);
    expect(prefersCsv('*/*')).toBe(false);
    expect(prefersCsv('text/csv, */*')).toBe(true);
    expect(prefersCsv('text/csv;q=0')).toBe(false);
    expect(prefersCsv('text/html')).toBe(false);
    expect(prefersCsv(undefined)).toBe(false);
    expect(prefersCsv('')).toBe(false);
  });

  it('handles more than two offers, as pages will (HTML, JSON, CSV)', () => {
    const offers = ['text/html', 'application/json', 'text/csv'] as const;
    expect(preferredType('text/html,application/xhtml+xml,*/*;q=0.8', offers)).toBe('text/html');
    expect(preferredType('application/json', offers)).toBe('application/json');
    expect(preferredType('text/csv;q=0.9, application/json;q=0.5', offers)).toBe('text/csv');
    expect(preferredType('image/png', offers)).toBe('text/html');
  });
});
