import { Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';
import { Actor, Role } from '../kernel/actor';
import { DomainError } from '../kernel/domain-error';
import { PROVINCES } from '../kernel/vocabulary';
import { AppConfig } from '../config/app-config';

/** Roles a token may carry; 'system' is reserved for the process itself. */
export const TOKEN_ROLES: readonly Role[] = ['applicant', 'officer', 'provincial', 'admin'];

/** Clock difference between the token's issuer and this process that `iat`, `nbf` and `exp` allow. */
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Verifies a bearer JWT (HS256 locally, RS256 via JWKS in oidc mode) and turns it into an Actor.
 * Either way the token must carry `iat` and `exp` and be at most AUTH_MAX_TOKEN_AGE old,
 * whatever lifetime its issuer gave it.
 */
@Injectable()
export class TokenVerifier {
  private readonly verifySignature: (token: string) => Promise<JWTPayload>;

  constructor(config: AppConfig) {
    // Keys are built once: the JWKS set caches fetched keys, the secret is made a key once.
    const lifetime = {
      requiredClaims: ['iat', 'exp'],
      maxTokenAge: config.AUTH_MAX_TOKEN_AGE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    };
    if (config.AUTH_MODE === 'oidc') {
      const jwks = createRemoteJWKSet(new URL(required(config.AUTH_JWKS_URL, 'AUTH_JWKS_URL')));
      const options = {
        ...lifetime,
        algorithms: ['RS256'],
        issuer: required(config.AUTH_ISSUER, 'AUTH_ISSUER'),
        audience: required(config.AUTH_AUDIENCE, 'AUTH_AUDIENCE'),
      };
      this.verifySignature = async (token) => (await jwtVerify(token, jwks, options)).payload;
    } else {
      // A KeyObject, not the bytes: jose would otherwise make one on every verification.
      const secret = createSecretKey(Buffer.from(required(config.AUTH_JWT_SECRET, 'AUTH_JWT_SECRET'), 'utf8'));
      const options = { ...lifetime, algorithms: ['HS256'] };
      this.verifySignature = async (token) => (await jwtVerify(token, secret, options)).payload;
    }
  }

  async verify(token: string): Promise<Actor> {
    let payload: JWTPayload;
    try {
      payload = await this.verifySignature(token);
    } catch (error) {
      throw new DomainError('unauthenticated', reasonFor(error));
    }
    return toActor(payload);
  }
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is not configured`);
  return value;
}

function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) {
    return error.claim === 'iat' ? 'token is older than this api accepts' : 'token expired';
  }
  if (error instanceof errors.JWTClaimValidationFailed) return `token claim '${error.claim}' is invalid`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token signing key is unknown';
  return 'token is malformed or cannot be verified';
}

/** The Actor a verified token's (or ID token's) claims describe; unauthenticated when they do not. */
export function toActor(payload: JWTPayload): Actor {
  const { sub, role, programmes = [], province = null, name = null, email = null } = payload;
  if (typeof sub !== 'string' || sub === '' || hasNul(sub)) throw invalid('sub');
  if (typeof role !== 'string' || !TOKEN_ROLES.includes(role as Role)) throw invalid('role');
  if (!Array.isArray(programmes) || !programmes.every((p) => typeof p === 'string') || programmes.some(hasNul)) {
    throw invalid('programmes');
  }
  if (!isOptionalString(name)) throw invalid('name');
  if (!isOptionalString(email)) throw invalid('email');
  return { id: sub, role: role as Role, programmes, province: provinceOf(role as Role, province), name, email };
}

/**
 * Provincial staff need a province this system knows (any case: 'ov' is OV). Other roles have
 * no use for the claim, so whatever an identity provider puts there is ignored.
 */
function provinceOf(role: Role, claim: unknown): string | null {
  if (role !== 'provincial') return null;
  const code = typeof claim === 'string' ? claim.toUpperCase() : null;
  if (code === null || !(PROVINCES as readonly string[]).includes(code)) throw invalid('province');
  return code;
}

/** PostgreSQL refuses U+0000 in text, so no claim that may be stored can hold it. */
function hasNul(value: string): boolean {
  return value.includes('\u0000');
}

function isOptionalString(value: unknown): value is string | null {
  return value === null || (typeof value === 'string' && !hasNul(value));
}

function invalid(claim: string): DomainError {
  return new DomainError('unauthenticated', `token claim '${claim}' is missing or invalid`);
}
