import { ServiceUnavailableException } from '@nestjs/common';
import { toProblem } from './problem.filter';

describe('toProblem', () => {
  it('answers a 503 from another layer (the readiness check) as service-unavailable, not internal-error', () => {
    const body = toProblem(
      new ServiceUnavailableException({ status: 'error', error: { database: { status: 'down' } } }),
    );
    expect(body).toMatchObject({ status: 503, code: 'service-unavailable' });
  });
});
