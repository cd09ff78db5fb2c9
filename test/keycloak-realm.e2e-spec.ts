import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOKEN_ROLES } from '../src/platform/auth/token-verifier';

/**
 * The Keycloak realm docker-compose imports (keycloak/vakvoucher-realm.json) fits the app: a
 * confidential web client with PKCE whose redirect is this app's /auth/callback, the claims the
 * app reads (role, programmes, province) mapped into the ID token, and a demo user per role.
 */
describe('the Keycloak realm for docker-compose', () => {
  const realm = JSON.parse(readFileSync(join(__dirname, '..', 'keycloak', 'vakvoucher-realm.json'), 'utf8'));

  it('has the web client: authorization code with PKCE, back to /auth/callback', () => {
    const client = realm.clients.find((c: { clientId: string }) => c.clientId === 'vakvoucher-web');
    expect(client).toMatchObject({
      publicClient: false,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      redirectUris: ['http://localhost:3000/auth/callback'],
      attributes: { 'pkce.code.challenge.method': 'S256' },
    });
    expect(client.defaultClientScopes).toEqual(expect.arrayContaining(['profile', 'email', 'vakvoucher']));
  });

  it('puts role, programmes and province in the ID token, and the API in the access token audience', () => {
    const scope = realm.clientScopes.find((s: { name: string }) => s.name === 'vakvoucher');
    const claims = scope.protocolMappers
      .filter((m: { config: Record<string, string> }) => m.config['id.token.claim'] === 'true')
      .map((m: { config: Record<string, string> }) => m.config['claim.name']);
    expect(claims.sort()).toEqual(['programmes', 'province', 'role']);
    const audience = scope.protocolMappers.find(
      (m: { protocolMapper: string }) => m.protocolMapper === 'oidc-audience-mapper',
    );
    expect(audience.config['included.custom.audience']).toBe('vakvoucher-api');
    const profile = JSON.parse(
      realm.components['org.keycloak.userprofile.UserProfileProvider'][0].config['kc.user.profile.config'][0],
    );
    expect(profile.unmanagedAttributePolicy).toBe('ENABLED'); // else Keycloak drops the role attributes
  });

  it('has a demo user for each of the four roles', () => {
    const roles = realm.users.map((u: { attributes: { role: string[] } }) => u.attributes.role[0]);
    expect([...new Set(roles)].sort()).toEqual([...TOKEN_ROLES].sort());
    const provincial = realm.users.find(
      (u: { attributes: { role: string[] } }) => u.attributes.role[0] === 'provincial',
    );
    expect(provincial.attributes.province).toEqual(['OV']);
  });

  it('is mounted into the Keycloak service of docker-compose.yml, which imports it', () => {
    const text = readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8');
    expect(text).toContain("'./keycloak:/opt/keycloak/data/import:ro'");
    expect(text).toContain('--import-realm');
  });
});
