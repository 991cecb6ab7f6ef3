// mailbox.test.mjs — the official mailbox /brevlada in a real browser (demo
// `registrator`), read from the dovecot run.sh starts with two messages:
// axe-core (WCAG 2.1 A/AA) finds nothing on the list (each message a
// section with its sender, files table, text and registration form) nor on
// the refusal of a message whose file is not a PDF; a message's HTML is
// never run (no script from it in the page, no dialog); nothing is wider
// than a phone; on a phone in Swedish and a desktop in English.
// Screenshots: out/mailbox-*.png. The HTTP side: tests/e2e/t_mailbox.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { visit, OUT, sharedBrowser, signIn, PHONE_SV_DESKTOP_EN, assertSound } from './lib.mjs';

const T = { timeout: 120_000, skip: process.env.DATALOTS_MAILBOX ? false : 'no dovecot (scripts/install-deps.sh)' };
const { withPage } = sharedBrowser();

for (const c of PHONE_SV_DESKTOP_EN) {
  test(`the official mailbox: list and a refused registration (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      let dialogs = 0;
      page.on('dialog', async (d) => { dialogs++; await d.dismiss(); });
      await signIn(page, 'registrator');
      await visit(page, '/brevlada');
      assert.equal(await page.locator('section.mail-message').count(), 2, 'both messages are listed');
      assert.match(await page.locator('main').innerText(), /Anna Berg <anna\.berg@example\.org>/, 'with the sender');
      assert.match(await page.locator('main').innerText(), /<script>alert\(1\)<\/script>/, 'HTML is shown as text');
      assert.equal(await page.locator('main script, main b').count(), 0, 'and never becomes markup');
      await assertSound(page, 'the mailbox');
      await page.screenshot({ path: path.join(OUT, `mailbox-${c.name}.png`), fullPage: true });
      // The message with a file that is not a PDF: refused with a sentence.
      const form = page.locator('section.mail-message', { hasText: 'mallory@example.org' }).locator('form');
      await form.locator('input[name="mode"][value="new"]').check();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), form.locator('button[type="submit"]').click()]);
      assert.match(await page.locator('main').innerText(), /x\.exe/, 'the refusal names the file');
      await assertSound(page, 'the refusal');
      assert.equal(dialogs, 0, 'no script of a message ran');
    });
  });
}
