/**
 * Prints a local (HS256) bearer token for development and tests:
 *   npm run token -- --role officer --sub o-1 --programmes ov-2027 [--province OV]
 *                    [--name "..."] [--email ...] [--expires 8h]
 */
import { parseArgs } from 'node:util';
import { Role } from '../src/platform/kernel/actor';
import { ConfigError, loadConfig } from '../src/platform/config/app-config';
import { DEV_JWT_SECRET, signLocalToken } from '../src/platform/auth/token-signer';
import { TOKEN_ROLES } from '../src/platform/auth/token-verifier';

const USAGE =
  'usage: token --role applicant|officer|provincial|admin --sub ID [--programmes a,b] ' +
  '[--province OV] [--name NAME] [--email EMAIL] [--expires 8h]';

function readArgs() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      programmes: { type: 'string' },
      province: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.role || !TOKEN_ROLES.includes(values.role as Role)) {
    throw new Error(`--role must be one of ${TOKEN_ROLES.join(', ')}`);
  }
  if (!values.sub) throw new Error('--sub is required');
  return values;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof readArgs>;
  try {
    args = readArgs();
  } catch (error) {
    process.stderr.write(`token: ${(error as Error).message} (${USAGE})\n`);
    return 2;
  }

  let secret: string;
  try {
    const env = { ...process.env, AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET || DEV_JWT_SECRET };
    secret = loadConfig(env).AUTH_JWT_SECRET ?? DEV_JWT_SECRET;
  } catch (error) {
    const message = error instanceof ConfigError ? error.problems.join('; ') : String(error);
    process.stderr.write(`token: invalid configuration: ${message}\n`);
    return 1;
  }

  const programmes = args.programmes
    ? args.programmes
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '')
    : [];
  try {
    const token = await signLocalToken(
      secret,
      {
        sub: args.sub!,
        role: args.role!,
        programmes,
        province: args.province ?? null,
        name: args.name ?? null,
        email: args.email ?? null,
      },
      args.expires,
    );
    process.stdout.write(`${token}\n`);
    return 0;
  } catch (error) {
    // jose rejects a malformed --expires with a TypeError.
    process.stderr.write(`token: ${(error as Error).message} (${USAGE})\n`);
    return 2;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
