import { SignJWT } from 'jose';

/** Secret used when AUTH_JWT_SECRET is not set, so local development works out of the box. */
export const DEV_JWT_SECRET = 'vakvoucher-local-development-secret';

export interface LocalTokenClaims {
  sub: string;
  /** Plain string on purpose: tests sign tokens with roles the verifier must refuse. */
  role: string;
  programmes?: string[];
  province?: string | null;
  name?: string | null;
  email?: string | null;
}

/** Signs an HS256 token for AUTH_MODE=local. `expiresIn` is a jose time span such as '8h' or '-1h'. */
export function signLocalToken(
  secret: string,
  claims: LocalTokenClaims,
  expiresIn: string | number = '8h',
): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
