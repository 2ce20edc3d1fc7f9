/**
 * Workspace trust: in Restricted Mode the extension still loads and the language features work, while
 * Run File refuses (it would run the program's code). This session keeps workspace trust on.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openFile, runCommand, screenshot, startSession, type Session } from './harness';

let session: Session;
let page: Page;

describe('the Hale extension in Restricted Mode', () => {
  beforeAll(async () => {
    session = await startSession({ fixture: 'band', restricted: true });
    page = session.page;
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await screenshot(page, `failed-trust-${ctx.task.name.replace(/\W+/g, '-').slice(0, 50)}`).catch(() => undefined);
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('opens the folder untrusted and still starts the language server', async () => {
    // VS Code's own Restricted Mode indicator.
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
    const editor = await openFile(page, 'band.hl');
    await page.locator('.statusbar-item[aria-label^="Hale language server: running"]').first().waitFor({ timeout: 60_000 });
    // Language features work: the orphan-topic warning is squiggled.
    await editor.locator('.squiggly-warning').first().waitFor({ timeout: 60_000 });
  });

  it('refuses to run the program, saying why', async () => {
    await openFile(page, 'band.hl');
    await runCommand(page, 'Hale: Run File');
    await page.locator('.notification-toast', { hasText: 'disabled in Restricted Mode' }).first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'trust-run-refused');
    // No run terminal was opened.
    expect(await page.locator('.terminal-tabs-entry, .single-terminal-tab', { hasText: 'Hale: band.hl' }).count()).toBe(0);
  });
});
