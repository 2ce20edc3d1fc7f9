#!/usr/bin/env node
/**
 * Builds the extension into out/:
 *   out/extension.cjs            the client (esbuild, CJS, `vscode` external)
 *   out/webview/topology.js      the topology view's script (browser IIFE)
 *   out/syntaxes/                the TextMate grammar, copied from the repo's syntaxes/
 *   out/server/main.cjs          the language server bundle, copied from packages/server/out/
 *   out/runtime/, out/loom.cjs   the Loom runtime bundle from packages/runtime/dist, and its launcher
 *   out/build-info.json          what went in
 *
 * Flags: --with-deps builds the server and the runtime bundle first; --production minifies and fails
 * when the server is missing (a .vsix without its server is broken). The runtime may be missing: Run
 * File then says so.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const repo = join(pkg, '..', '..');
const out = join(pkg, 'out');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const withDeps = args.has('--with-deps');
const log = (m) => console.log(`[hale-vscode build] ${m}`);
const warn = (m) => console.warn(`[hale-vscode build] warning: ${m}`);

function pnpm(...pnpmArgs) {
  // Under `pnpm run`, npm_execpath is pnpm's own entry point; elsewhere use pnpm from PATH.
  const execPath = process.env.npm_execpath;
  const [cmd, pre] = execPath && /pnpm/.test(execPath) ? [process.execPath, [execPath]] : ['pnpm', []];
  log(`pnpm ${pnpmArgs.join(' ')}`);
  execFileSync(cmd, [...pre, ...pnpmArgs], { cwd: repo, stdio: 'inherit' });
}

const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const info = { builtAt: new Date().toISOString(), production, server: false, runtime: false, debugger: false, grammar: false };

// --- dependencies: server and runtime bundles -----------------------------------------------------
const serverDir = join(repo, 'packages', 'server');
const runtimeDir = join(repo, 'packages', 'runtime');
if (withDeps) {
  try {
    pnpm('--filter', 'hale-server', 'run', 'build');
  } catch {
    if (production) throw new Error('building the language server (pnpm --filter hale-server build) failed');
    warn('building the language server failed; packaging without it');
  }
  // The runtime's own bundler, when it has one (it builds dist/loom.mjs and dist/worker.mjs).
  const runtimeBuild = join(runtimeDir, 'scripts', 'build.mjs');
  if (existsSync(runtimeBuild)) {
    log(`node ${relative(repo, runtimeBuild)}`);
    execFileSync(process.execPath, [runtimeBuild], { cwd: runtimeDir, stdio: 'inherit' });
  }
}

// --- the client and the webview script -----------------------------------------------------------
await build({
  entryPoints: [join(pkg, 'src', 'extension.ts')],
  outfile: join(out, 'extension.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
});
await build({
  entryPoints: [join(pkg, 'webview', 'topology.ts')],
  outfile: join(out, 'webview', 'topology.js'),
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
});
log('bundled out/extension.cjs and out/webview/topology.js');

// --- the TextMate grammar ------------------------------------------------------------------------
const grammar = join(repo, 'syntaxes', 'hale.tmLanguage.json');
if (existsSync(grammar)) {
  mkdirSync(join(out, 'syntaxes'), { recursive: true });
  cpSync(grammar, join(out, 'syntaxes', 'hale.tmLanguage.json'));
  info.grammar = true;
} else {
  warn(`no TextMate grammar at ${relative(repo, grammar)}: .hl files will not be highlighted`);
}
if (!existsSync(join(pkg, 'language-configuration.json'))) warn('no language-configuration.json: brackets and comments will not be configured');

// --- the language server -------------------------------------------------------------------------
const serverBundle = join(serverDir, 'out', 'main.cjs');
if (existsSync(serverBundle)) {
  cpSync(join(serverDir, 'out'), join(out, 'server'), {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() || !production || !src.endsWith('.map'),
  });
  info.server = true;
  log('copied the language server into out/server/');
} else if (production) {
  throw new Error(`the language server bundle ${relative(repo, serverBundle)} does not exist: build it with pnpm --filter hale-server build`);
} else {
  warn(`no language server bundle at ${relative(repo, serverBundle)} (pnpm --filter hale-server build): the extension will report it missing`);
}

// --- the Loom runtime ----------------------------------------------------------------------------
// The runtime bundles itself (packages/runtime/scripts/build.mjs) into dist/: the CLI (loom.mjs, which
// exports `main(argv)`) and the worker it starts for each pool and pinned locus (worker.mjs, found next
// to loom.mjs). We copy dist/ to out/runtime/ and add out/loom.cjs, a launcher for
// `node out/loom.cjs run FILE.hl`. Without a runtime bundle, Run File says the runtime is missing.
const runtimeDist = join(runtimeDir, 'dist');
if (existsSync(join(runtimeDist, 'loom.mjs')) && existsSync(join(runtimeDist, 'worker.mjs'))) {
  cpSync(runtimeDist, join(out, 'runtime'), {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() || !production || !src.endsWith('.map'),
  });
  writeFileSync(
    join(out, 'loom.cjs'),
    `#!/usr/bin/env node
// \`node loom.cjs run FILE.hl\`: starts the bundled Loom CLI (an ES module, next to its worker in ./runtime/).
'use strict';
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
import(pathToFileURL(join(__dirname, 'runtime', 'loom.mjs')).href)
  .then(async ({ main }) => {
    process.exitCode = await main(process.argv.slice(2));
  })
  .catch((error) => {
    console.error(\`loom: \${error && error.stack ? error.stack : error}\`);
    process.exitCode = 70;
  });
`,
  );
  info.runtime = true;
  log('copied the Loom runtime bundle into out/runtime/ with the launcher out/loom.cjs');
} else {
  warn('no Loom runtime bundle (packages/runtime/dist/loom.mjs and worker.mjs): Hale: Run File will say the runtime is missing');
}

// --- the Hale debugger ----------------------------------------------------------------------------
// The debug adapter (packages/runtime/src/debug) as one CommonJS file next to the runtime's launcher: the
// `hale` debug type runs `node out/debug-adapter.cjs --loom out/loom.cjs` (src/debug/index.ts).
if (info.runtime) {
  const { buildDebugAdapter } = await import(pathToFileURL(join(runtimeDir, 'src', 'debug', 'bundle.mjs')).href);
  await buildDebugAdapter(join(out, 'debug-adapter.cjs'), { minify: production, sourcemap: !production });
  info.debugger = true;
  log('bundled the Hale debug adapter into out/debug-adapter.cjs');
} else {
  warn('no Loom runtime: the Hale debugger is not bundled either');
}

// --- third-party notices -------------------------------------------------------------------------
// Everything bundled comes from the production dependencies of this package, the server and the
// runtime; list each with its license text.
{
  const seen = new Map();
  // Node's lookup, which also finds pnpm's sibling layout (.pnpm/x@1/node_modules/{x,dep}).
  const resolveDep = (fromDir, dep) => {
    for (let d = realpathSync(fromDir); d !== dirname(d); d = dirname(d)) {
      const candidate = basename(d) === 'node_modules' ? join(d, dep) : join(d, 'node_modules', dep);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
    }
    return undefined;
  };
  const visit = (dir) => {
    const manifest = readJson(join(dir, 'package.json'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      const depDir = resolveDep(dir, dep);
      if (!depDir) continue;
      const depManifest = readJson(join(depDir, 'package.json'));
      const key = `${depManifest.name}@${depManifest.version}`;
      if (seen.has(key)) continue;
      const licenseFile = readdirSync(depDir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
      seen.set(key, depManifest.private ? null : { license: depManifest.license ?? 'see package', text: licenseFile ? readFileSync(join(depDir, licenseFile), 'utf8').trim() : '' });
      visit(depDir);
    }
  };
  for (const dir of [pkg, serverDir, ...(info.runtime ? [runtimeDir] : [])]) if (existsSync(join(dir, 'package.json'))) visit(dir);
  const entries = [...seen].filter(([, v]) => v).sort(([a], [b]) => a.localeCompare(b));
  const text = [
    'Third-party software bundled into the Hale extension (client, language server, Loom runtime).',
    '',
    ...entries.flatMap(([key, v]) => [`${'='.repeat(78)}`, `${key} (${v.license})`, `${'='.repeat(78)}`, v.text || '(no license file in the package)', '']),
  ].join('\n');
  writeFileSync(join(out, 'ThirdPartyNotices.txt'), text);
  log(`wrote out/ThirdPartyNotices.txt (${entries.length} packages)`);
}

writeFileSync(join(out, 'build-info.json'), JSON.stringify(info, null, 2) + '\n');
log(`done: server ${info.server ? 'included' : 'MISSING'}, runtime ${info.runtime ? 'included' : 'missing'}, grammar ${info.grammar ? 'included' : 'missing'}`);
