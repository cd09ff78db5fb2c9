import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT, UnsecuredJWT } from 'jose';
import { DomainError } from '../kernel/domain-error';
import { AppConfig, loadConfig } from '../config/app-config';
import { signLocalToken } from './token-signer';
import { TokenVerifier } from './token-verifier';

const SECRET = 'test-secret-of-at-least-16-chars';

async function expectUnauthenticated(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('unauthenticated');
}

describe('TokenVerifier in local mode', () => {
  const verifier = new TokenVerifier(loadConfig({ AUTH_MODE: 'local', AUTH_JWT_SECRET: SECRET }));

  it('turns a valid token into an Actor', async () => {
    const token = await signLocalToken(SECRET, {
      sub: 'o-1',
      role: 'officer',
      programmes: ['ov-2027'],
      province: 'OV',
      name: 'Olga Officer',
      email: 'olga@example.test',
    });

    await expect(verifier.verify(token)).resolves.toEqual({
      id: 'o-1',
      role: 'officer',
      programmes: ['ov-2027'],
      province: null, // only provincial staff have a province
      name: 'Olga Officer',
      email: 'olga@example.test',
    });
  });

  it('fills absent optional claims with empty defaults', async () => {
    const token = await signLocalToken(SECRET, { sub: 'a-1', role: 'applicant' });

    await expect(verifier.verify(token)).resolves.toEqual({
      id: 'a-1',
      role: 'applicant',
      programmes: [],
      province: null,
      name: null,
      email: null,
    });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signLocalToken('another-secret-of-16-chars', { sub: 'o-1', role: 'officer' });
    await expectUnauthenticated(verifier.verify(token));
  });

  it('refuses an expired token', async () => {
    const token = await signLocalToken(SECRET, { sub: 'o-1', role: 'officer' }, '-1h');
    await expectUnauthenticated(verifier.verify(token));
  });

  it('refuses an unsigned (alg none) token', async () => {
    const token = new UnsecuredJWT({ role: 'admin' }).setSubject('x').setExpirationTime('1h').encode();
    await expectUnauthenticated(verifier.verify(token));
  });

  it('refuses an RS256 token', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('x')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    await expectUnauthenticated(verifier.verify(token));
  });

  it('refuses a token without sub', async () => {
    const token = await new SignJWT({ role: 'officer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    await expectUnauthenticated(verifier.verify(token));
  });

  it('refuses a token with an empty sub', async () => {
    const token = await signLocalToken(SECRET, { sub: '', role: 'officer' });
    await expectUnauthenticated(verifier.verify(token));
  });

  it.each(['system', 'superuser', ''])('refuses role %p', async (role) => {
    const token = await signLocalToken(SECRET, { sub: 'x-1', role });
    await expectUnauthenticated(verifier.verify(token));
  });

  it('refuses programmes that are not a string array', async () => {
    const token = await new SignJWT({ role: 'officer', programmes: 'ov-2027' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('o-1')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    await expectUnauthenticated(verifier.verify(token));
  });

  it('refuses a string that is not a JWT', async () => {
    await expectUnauthenticated(verifier.verify('not-a-jwt'));
  });

  describe('the province claim', () => {
    it.each(['OV', 'GE', 'LI', 'ov', 'Ge'])(
      'gives provincial staff the province of %p, in capitals',
      async (province) => {
        const token = await signLocalToken(SECRET, { sub: 'p-1', role: 'provincial', province });
        await expect(verifier.verify(token)).resolves.toMatchObject({
          role: 'provincial',
          province: province.toUpperCase(),
        });
      },
    );

    it.each([['Gelderland'], ['GEL'], ['XX'], [''], ['G'], ['O\u0000'], [null], [undefined], [42], [['OV']]])(
      'refuses a provincial token whose province is %p',
      async (province) => {
        const token = await signedClaims({ role: 'provincial', province });
        await expectUnauthenticated(verifier.verify(token));
      },
    );

    it.each(['officer', 'applicant', 'admin'])('ignores whatever province an %s token carries', async (role) => {
      for (const province of ['Gelderland', 'GEL', 'OV', 42, ['x'], { code: 'OV' }]) {
        const token = await signedClaims({ role, province });
        await expect(verifier.verify(token)).resolves.toMatchObject({ role, province: null });
      }
    });
  });

  describe('token lifetime (AUTH_MAX_TOKEN_AGE, 12 hours by default)', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const HOUR = 3600;

    it('accepts a token issued an hour ago, whatever lifetime it claims', async () => {
      const token = await signedClaims({ role: 'officer' }, { iat: now() - HOUR, exp: now() + 100 * 365 * 24 * HOUR });
      await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'o-1' });
    });

    it('refuses a hundred-year token issued 13 hours ago', async () => {
      const token = await signedClaims(
        { role: 'officer' },
        { iat: now() - 13 * HOUR, exp: now() + 100 * 365 * 24 * HOUR },
      );
      await expectUnauthenticated(verifier.verify(token));
    });

    it('refuses a token without iat', async () => {
      const token = await signedClaims({ role: 'officer' }, { iat: undefined, exp: now() + HOUR });
      await expectUnauthenticated(verifier.verify(token));
    });

    it('refuses a token without exp', async () => {
      const token = await signedClaims({ role: 'officer' }, { iat: now(), exp: undefined });
      await expectUnauthenticated(verifier.verify(token));
    });

    it('refuses a token issued in the future', async () => {
      const token = await signedClaims({ role: 'officer' }, { iat: now() + HOUR, exp: now() + 2 * HOUR });
      await expectUnauthenticated(verifier.verify(token));
    });

    it('follows AUTH_MAX_TOKEN_AGE', async () => {
      const strict = new TokenVerifier(
        loadConfig({ AUTH_MODE: 'local', AUTH_JWT_SECRET: SECRET, AUTH_MAX_TOKEN_AGE: '600' }),
      );
      const fresh = await signedClaims({ role: 'officer' }, { iat: now() - 300, exp: now() + HOUR });
      const stale = await signedClaims({ role: 'officer' }, { iat: now() - 900, exp: now() + HOUR });
      await expect(strict.verify(fresh)).resolves.toMatchObject({ id: 'o-1' });
      await expectUnauthenticated(strict.verify(stale));
      await expect(verifier.verify(stale)).resolves.toMatchObject({ id: 'o-1' });
    });
  });

  it.each(['sub', 'name', 'email'])('refuses a NUL character in the %s claim', async (claim) => {
    const token = await signedClaims({ role: 'officer', [claim]: 'x\u0000y' });
    await expectUnauthenticated(verifier.verify(token));
  });

  it('refuses a NUL character in a programme code', async () => {
    await expectUnauthenticated(verifier.verify(await signedClaims({ role: 'officer', programmes: ['ov\u00002027'] })));
  });
});

/**
 * An HS256 token with exactly these claims (sub o-1 unless given), issued now for an hour unless
 * `times` says otherwise; an undefined time leaves the claim out.
 */
function signedClaims(
  claims: Record<string, unknown>,
  times: { iat?: number; exp?: number } = {
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 3600,
  },
): Promise<string> {
  const payload: Record<string, unknown> = { sub: 'o-1', ...claims };
  for (const [key, value] of Object.entries(times)) if (value !== undefined) payload[key] = value;
  for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
}

describe('TokenVerifier in oidc mode', () => {
  const ISSUER = 'https://login.example.test/realms/vakvoucher';
  const AUDIENCE = 'vakvoucher-api';
  let privateKey: KeyLike;
  let server: Server;
  let jwksRequests = 0;
  let config: AppConfig;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      jwksRequests += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    config = loadConfig({
      AUTH_MODE: 'oidc',
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/protocol/openid-connect/certs`,
      WEBHOOK_SECRET_KEY: 'ab'.repeat(32),
    });
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  function rs256Token(
    key: KeyLike,
    overrides: { issuer?: string; audience?: string; kid?: string; issuedAt?: number; province?: string } = {},
  ): Promise<string> {
    return new SignJWT({
      role: 'provincial',
      province: overrides.province ?? 'OV',
      name: 'Piet',
      email: 'piet@ov.test',
    })
      .setProtectedHeader({ alg: 'RS256', kid: overrides.kid ?? 'key-1' })
      .setSubject('p-1')
      .setIssuer(overrides.issuer ?? ISSUER)
      .setAudience(overrides.audience ?? AUDIENCE)
      .setIssuedAt(overrides.issuedAt)
      .setExpirationTime('5m')
      .sign(key);
  }

  it('turns a valid token into an Actor', async () => {
    const verifier = new TokenVerifier(config);
    await expect(verifier.verify(await rs256Token(privateKey))).resolves.toEqual({
      id: 'p-1',
      role: 'provincial',
      programmes: [],
      province: 'OV',
      name: 'Piet',
      email: 'piet@ov.test',
    });
  });

  it('fetches the JWKS once and reuses it for later tokens', async () => {
    const verifier = new TokenVerifier(config);
    const before = jwksRequests;
    await verifier.verify(await rs256Token(privateKey));
    await verifier.verify(await rs256Token(privateKey));
    await verifier.verify(await rs256Token(privateKey));
    expect(jwksRequests - before).toBe(1);
  });

  it('refuses a token issued longer ago than AUTH_MAX_TOKEN_AGE, even if its exp is ahead', async () => {
    const verifier = new TokenVerifier(config);
    const token = await rs256Token(privateKey, { issuedAt: Math.floor(Date.now() / 1000) - 13 * 3600 });
    await expectUnauthenticated(verifier.verify(token));
  });

  it('refuses provincial staff whose province the identity provider spelled out', async () => {
    const verifier = new TokenVerifier(config);
    await expectUnauthenticated(verifier.verify(await rs256Token(privateKey, { province: 'Gelderland' })));
  });

  it('refuses a token from another issuer', async () => {
    const verifier = new TokenVerifier(config);
    const token = await rs256Token(privateKey, { issuer: 'https://evil.example.test' });
    await expectUnauthenticated(verifier.verify(token));
  });

  it('refuses a token for another audience', async () => {
    const verifier = new TokenVerifier(config);
    const token = await rs256Token(privateKey, { audience: 'some-other-api' });
    await expectUnauthenticated(verifier.verify(token));
  });

  it('refuses a token signed by another key under the same kid', async () => {
    const verifier = new TokenVerifier(config);
    const other = await generateKeyPair('RS256');
    await expectUnauthenticated(verifier.verify(await rs256Token(other.privateKey)));
  });

  it('refuses a token signed by a key the JWKS does not list', async () => {
    const verifier = new TokenVerifier(config);
    const other = await generateKeyPair('RS256');
    const token = await rs256Token(other.privateKey, { kid: 'unknown-key' });
    await expectUnauthenticated(verifier.verify(token));
  });

  it('refuses an HS256 token', async () => {
    const verifier = new TokenVerifier(config);
    const token = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .setSubject('x')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    await expectUnauthenticated(verifier.verify(token));
  });
});
