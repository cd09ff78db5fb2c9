import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { TestApp } from './support';
import { checkAgainstContract } from './support/openapi-contract';

/**
 * What a province's developer does (docs/api.md "A typed client"): generate TypeScript types
 * from the served OpenAPI document with openapi-typescript, then call the api with openapi-fetch.
 * The generated types must compile with a correct call and refuse a wrong one.
 */

const CLIENT = `
import createClient from 'openapi-fetch';
import type { paths } from './vakvoucher-api';

export async function programmeName(baseUrl: string, code: string): Promise<string | undefined> {
  const client = createClient<paths>({ baseUrl });
  const { data } = await client.GET('/programmes/{code}', { params: { path: { code } } });
  return data?.name;
}

export async function grant(baseUrl: string, token: string, id: string) {
  const client = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${token}\` } });
  const { data, error } = await client.POST('/applications/{id}/transitions', {
    params: { path: { id } },
    body: { action: 'grant', amountCents: 250000 },
  });
  return data?.voucher?.code ?? error?.code;
}
`;

/** Two mistakes the types must catch: an unknown action, and a field the answer does not have. */
const WRONG_CLIENT = `
import createClient from 'openapi-fetch';
import type { paths } from './vakvoucher-api';

export async function wrong(baseUrl: string, id: string) {
  const client = createClient<paths>({ baseUrl });
  const { data } = await client.POST('/applications/{id}/transitions', {
    params: { path: { id } },
    body: { action: 'approve' },
  });
  return data?.grantedOn;
}
`;

describe('a typed client generated from the OpenAPI document', () => {
  let t: TestApp;
  // Inside the repository (var/ is ignored by git) so the files resolve its node_modules.
  const dir = join(__dirname, '..', 'var', `typed-client-${process.pid}`);
  beforeAll(async () => {
    t = await TestApp.start();
    mkdirSync(dir, { recursive: true });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it('generates types that compile for a right call and refuse a wrong one', async () => {
    // As docs/api.md shows: save the served document, run the openapi-typescript command on it.
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify((await t.anonymous.get('/api/docs-json')).body));
    execFileSync(
      process.execPath,
      [
        join(__dirname, '..', 'node_modules', 'openapi-typescript', 'bin', 'cli.js'),
        join(dir, 'openapi.json'),
        '-o',
        join(dir, 'vakvoucher-api.ts'),
      ],
      { stdio: 'pipe' },
    );
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    writeFileSync(join(dir, 'wrong-client.ts'), WRONG_CLIENT);
    const program = ts.createProgram([join(dir, 'client.ts'), join(dir, 'wrong-client.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      skipLibCheck: true,
    });
    const errorsIn = (file: string) =>
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(join(dir, file)))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errorsIn('client.ts')).toEqual([]);
    const wrong = errorsIn('wrong-client.ts').join('\n');
    expect(wrong).toMatch(/"approve"/);
    expect(wrong).toMatch(/grantedOn/);
  });

  it('the typed client calls the running api', async () => {
    const programme = await t.newProgramme();
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as { port: number };
    const js = ts.transpileModule(CLIENT, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
    writeFileSync(join(dir, 'client.js'), js);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const client = require(join(dir, 'client.js')) as {
      programmeName: (baseUrl: string, code: string) => Promise<string | undefined>;
    };
    expect(await client.programmeName(`http://127.0.0.1:${port}/api/v1`, programme.code)).toBe(programme.name);
  });

  it('the contract check every test runs refuses what the document does not describe', async () => {
    const programme = await t.newProgramme();
    const real = await t.anonymous.get(`/api/v1/programmes/${programme.code}`);
    expect(real.headers['api-version']).toBe('1.0.0');
    const check = (changes: Partial<typeof real>) =>
      checkAgainstContract(t.app, 'GET', `/api/v1/programmes/${programme.code}`, { ...real, ...changes });
    await expect(check({})).resolves.toBeUndefined();
    await expect(check({ status: 418 })).rejects.toThrow(/not a documented answer/);
    const { 'api-version': _version, ...withoutVersion } = real.headers;
    await expect(check({ headers: withoutVersion })).rejects.toThrow(/headers/);
    const { budgetCents: _budget, ...withoutBudget } = real.body;
    await expect(check({ body: withoutBudget })).rejects.toThrow(/budgetCents/);
    await expect(check({ body: { ...real.body, status: 'paused' } })).rejects.toThrow(/does not match/);
    await expect(check({ headers: { ...real.headers, 'content-type': 'text/plain' } })).rejects.toThrow(/text\/plain/);
  });
});
