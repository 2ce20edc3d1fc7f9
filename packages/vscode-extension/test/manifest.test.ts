/**
 * The extension manifest against the code and the repo: what package.json promises exists, and what
 * the code registers is contributed. (The installed behaviour is tested in a real VS Code: test/e2e.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const manifest = JSON.parse(readFileSync(`${dir}package.json`, 'utf8'));
const sources = ['src/extension.ts', 'src/server.ts', 'src/debug/index.ts'].map((f) => readFileSync(`${dir}${f}`, 'utf8')).join('\n');
const registered = [...sources.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
const contributed: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();

describe('the extension manifest', () => {
  it('contributes exactly the commands the extension registers, each titled under Hale', () => {
    expect(registered.length).toBeGreaterThan(4);
    expect(contributed).toEqual(registered);
    for (const c of manifest.contributes.commands) expect(c.category).toBe('Hale');
  });

  it('contributes the hale debugger: F5 on a .hl file, breakpoints in .hl files, Hale: Debug File', () => {
    expect(registered).toContain('hale.debugFile');
    expect(manifest.contributes.breakpoints).toEqual([{ language: 'hale' }]);
    const [debuggerType] = manifest.contributes.debuggers;
    expect(debuggerType).toMatchObject({ type: 'hale', languages: ['hale'] });
    const launch = debuggerType.configurationAttributes.launch;
    expect(launch.required).toEqual(['program']);
    expect(Object.keys(launch.properties).sort()).toEqual(['args', 'cwd', 'env', 'program', 'runtimeExecutable', 'stopOnEntry']);
    expect(manifest.activationEvents).toContain('onDebugResolve:hale');
  });

  it('offers the server only commands that exist, including the two its code lenses call', () => {
    const clientCommands = /CLIENT_COMMANDS = (\[[^\]]*\])/.exec(sources)?.[1];
    const list: string[] = JSON.parse(clientCommands!.replace(/'/g, '"'));
    expect(list).toEqual(expect.arrayContaining(['hale.runFile', 'hale.debugFile', 'hale.showTopology']));
    for (const c of list) expect(registered).toContain(c);
  });

  it('refers to menus\' commands that exist', () => {
    for (const items of Object.values(manifest.contributes.menus) as Array<Array<{ command: string }>>)
      for (const item of items) expect(registered).toContain(item.command);
  });

  it('declares the hale language for .hl with the grammar and configuration the build ships', () => {
    const [language] = manifest.contributes.languages;
    expect(language).toMatchObject({ id: 'hale', extensions: ['.hl'] });
    expect(existsSync(`${dir}${language.configuration}`)).toBe(true);
    const [grammar] = manifest.contributes.grammars;
    expect(grammar).toMatchObject({ language: 'hale', scopeName: 'source.hale', path: './out/syntaxes/hale.tmLanguage.json' });
    // scripts/build.mjs copies the repo's grammar there.
    expect(JSON.parse(readFileSync(`${repo}syntaxes/hale.tmLanguage.json`, 'utf8')).scopeName).toBe('source.hale');
    expect(manifest.activationEvents).toContain('onLanguage:hale');
  });

  it('installs in VS Code 1.100 (code-server 4.100) and types against the same API', () => {
    expect(manifest.engines.vscode).toBe('^1.100.0');
    expect(manifest.devDependencies['@types/vscode']).toMatch(/^~1\.100\./);
    expect(manifest.main).toBe('./out/extension.cjs');
    expect(existsSync(`${dir}${manifest.icon}`)).toBe(true);
  });

  it('runs limited in untrusted workspaces', () => {
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe('limited');
    expect(manifest.capabilities.untrustedWorkspaces.description).toMatch(/Run File/);
  });

  it('packages without node_modules, with the README, changelog, license and screenshots', () => {
    expect(manifest.scripts.package).toContain('--no-dependencies');
    const ignore = readFileSync(`${dir}.vscodeignore`, 'utf8');
    expect(ignore).toMatch(/^\*\*$/m); // everything is excluded unless listed
    expect(ignore).not.toMatch(/^!node_modules/m);
    for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE']) expect(existsSync(`${dir}${f}`)).toBe(true);
    for (const [, image] of readFileSync(`${dir}README.md`, 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) expect(existsSync(`${dir}${image}`), image).toBe(true);
  });
});
