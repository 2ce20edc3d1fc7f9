/**
 * Debugging Hale in a real VS Code (code-server): a breakpoint in a handler that runs on a pinned
 * thread, F5 on a corpus program with no launch.json, the stop shown in Hale's terms (the thread named
 * after the pinned locus, the handler's frame, locals and `self` with Hale values: Decimals as numbers),
 * a step over, and a continue to the program's normal end.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildInfo, corpusDir, openFile, runCommand, screenshot, sessionForSuite, startSession, type Session } from './harness';

/** A pinned `VecSink` summing Decimal payloads it receives on "m" (crates/hale-codegen tests, embedded). */
const CORPUS_PROGRAM = 'embedded-90a92d2c48a1';
const source = readFileSync(join(corpusDir, 'programs', `${CORPUS_PROGRAM}.hl`), 'utf8').split('\n');
const lineOf = (text: string) => {
  const i = source.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${text} is not in ${CORPUS_PROGRAM}`);
  return i + 1;
};

let page: Page;

/** A row of a debug view's tree whose text matches all of `texts`. */
function row(view: Locator, ...texts: (string | RegExp)[]): Locator {
  let r = view.locator('.monaco-list-row');
  for (const t of texts) r = r.filter({ hasText: t });
  return r.first();
}

describe('debugging Hale in VS Code', () => {
  sessionForSuite({ fixture: 'band', corpus: [CORPUS_PROGRAM] }, (s) => {
    page = s.page;
  });

  it('F5 on a corpus program stops at a breakpoint in a handler on a pinned thread, with Hale names and values', async () => {
    expect(buildInfo()).toMatchObject({ runtime: true, debugger: true });
    const editor = await openFile(page, `${CORPUS_PROGRAM}.hl`);
    await page.locator('.statusbar-item[aria-label^="Hale language server: running"]').first().waitFor({ timeout: 60_000 });

    // A breakpoint in the pinned locus's handler, at `let b = self.get(1) or raise;` (F9 on the line).
    const line = lineOf('let b = self.get(1)');
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(line));
    await page.keyboard.press('Enter');
    await page.keyboard.press('F9');
    await editor.locator('.codicon-debug-breakpoint').first().waitFor();

    // F5, no launch.json: the hale debugger takes the file in the editor.
    await page.keyboard.press('F5');
    const callStack = page.locator('.debug-call-stack');
    await row(callStack, 'VecSink.on_m', 'handler of "m"').waitFor({ timeout: 90_000 });
    // The thread is the pinned locus's, named after it; the frame is at the breakpoint's .hl line.
    await row(callStack, 'pinned App.sink: VecSink').waitFor();
    await row(callStack, 'VecSink.on_m', `${CORPUS_PROGRAM}.hl`, `${line}:`).waitFor();
    await editor.locator('.codicon-debug-stackframe').first().waitFor();

    // Widen the side bar so the thread and frame names read whole in the screenshots.
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    if (sidebar) {
      await page.mouse.move(sidebar.x + sidebar.width - 1, sidebar.y + sidebar.height / 2);
      await page.mouse.down();
      await page.mouse.move(sidebar.x + sidebar.width + 180, sidebar.y + sidebar.height / 2, { steps: 5 });
      await page.mouse.up();
    }

    // Locals and self, with Hale names and values (Decimals as numbers, records as Hale writes them).
    const variables = page.locator('.debug-variables');
    await row(variables, /^\s*a\b/, 'Money { v: 12345.67 }').waitFor();
    await row(variables, /^\s*m\b/, 'Money { v: 0.000001 }').waitFor();
    await row(variables, /^\s*self\b/, 'VecSink { acc: 112345.660001, seen: 3 }').click();
    await row(variables, /^\s*acc\b/, '112345.660001').waitFor();
    await row(variables, /^\s*seen\b/, '3').waitFor();
    expect(await variables.locator('.monaco-list-row', { hasText: '$' }).count()).toBe(0); // no compiler internals
    await screenshot(page, 'debug-01-pinned-handler-breakpoint', 'screenshot-debug.png');

    // Step over one Hale line: the next local appears.
    await page.keyboard.press('F10');
    await row(variables, /^\s*b\b/, 'Money { v: 99999.99 }').waitFor();
    await row(callStack, 'VecSink.on_m', `${line + 1}:`).waitFor();
    await screenshot(page, 'debug-02-stepped');

    // Continue: the program prints what it prints without the debugger, and the session ends.
    await page.keyboard.press('F5');
    const console_ = page.locator('.repl');
    await row(console_, 'acc=112345.660001').waitFor({ timeout: 60_000 });
    await row(console_, 'done').waitFor();
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 60_000 });
    await screenshot(page, 'debug-03-finished');
  });

  it('the Debug code lens over fn main debugs the file too, and the stop button ends the program', async () => {
    const editor = await openFile(page, `${CORPUS_PROGRAM}.hl`);
    // The breakpoint from the first test is still set. The lenses sit over `main locus` and `fn main`, at the end.
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await editor.locator('.codelens-decoration a', { hasText: /^Debug$/ }).filter({ visible: true }).first().click();
    const callStack = page.locator('.debug-call-stack');
    await row(callStack, 'pinned App.sink: VecSink', 'Paused on breakpoint').waitFor({ timeout: 90_000 });
    await row(page.locator('.debug-variables'), /^\s*self\b/, 'seen: 3').waitFor();
    await page.keyboard.press('Shift+F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 60_000 });
  });
});

describe('debugging Hale in Restricted Mode', () => {
  let restricted: Session | undefined;
  afterAll(async () => {
    await restricted?.stop();
  });

  it('refuses to debug (it would run the program), saying why', async () => {
    restricted = await startSession({ fixture: 'band', restricted: true });
    const p = restricted.page;
    await p.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
    await openFile(p, 'band.hl');
    await p.locator('.statusbar-item[aria-label^="Hale language server: running"]').first().waitFor({ timeout: 60_000 });
    await runCommand(p, 'Hale: Debug File');
    await p.locator('.notification-toast', { hasText: 'debugging is disabled in Restricted Mode' }).first().waitFor({ timeout: 20_000 });
    expect(await p.locator('.debug-toolbar').count()).toBe(0);
  });
});
