/*
 * A require hook for the worker processes the fault tests spawn: compiles each .ts file the
 * way `ts-node/register/transpile-only` does (ts.transpileModule with the project's compiler
 * options: isolated modules, decorators and their metadata), but keeps the output in a cache
 * keyed by the file's content, so the second and later worker processes of a run start in
 * about two seconds instead of six. Load it before tsconfig-paths/register.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const project = process.env.TS_NODE_PROJECT || path.join(__dirname, '..', '..', 'tsconfig.json');
const HOOK_VERSION = '1';
const optionsKey = crypto
  .createHash('sha256')
  .update(HOOK_VERSION)
  .update(require('typescript/package.json').version)
  .update(fs.readFileSync(project))
  .digest('hex');
const cacheDir = path.join(os.tmpdir(), `vv-ts-cache-${optionsKey.slice(0, 16)}`);
fs.mkdirSync(cacheDir, { recursive: true });

let compiler = null;
/** TypeScript and the project's options, loaded on the first file not in the cache. */
function typescript() {
  if (compiler) return compiler;
  const ts = require('typescript');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    project,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  const compilerOptions = {
    ...(parsed ? parsed.options : {}),
    module: ts.ModuleKind.CommonJS,
    sourceMap: false,
    inlineSourceMap: true,
    declaration: false,
    incremental: false,
    noEmit: false,
    outDir: undefined,
    tsBuildInfoFile: undefined,
  };
  compiler = { ts, compilerOptions };
  return compiler;
}

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    const { ts, compilerOptions } = typescript();
    output = ts.transpileModule(source, { fileName: filename, compilerOptions, reportDiagnostics: false }).outputText;
    const temporary = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, output);
    fs.renameSync(temporary, cached);
  }
  module._compile(output, filename);
};
