import { securityHeadersFor } from './security-headers';

describe('securityHeadersFor', () => {
  it.each(['/api/v1/programmes', '/health/live', '/api/docs', '/api/v1/applicationsx', '/nope'])(
    'gives %s nosniff and no-referrer, and no cache rule',
    (url) => {
      expect(securityHeadersFor(url)).toEqual({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
    },
  );

  it.each([
    '/api/v1/applications',
    '/api/v1/applications?status=granted',
    '/api/v1/applications/9b2f6c1e-4d3a-4b5c-8e7f-0a1b2c3d4e5f/history',
    '/api/v1/me/notifications',
    '/admin/queues/api/queues',
  ])('keeps %s out of every cache', (url) => {
    expect(securityHeadersFor(url)).toMatchObject({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
  });
});
