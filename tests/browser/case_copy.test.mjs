// case_copy.test.mjs — a follow-up application in a real browser (demo
// `sokande`, `samordnare`): axe-core (WCAG 2.1 A/AA) finds nothing on a
// refused case with "Kopiera som ny ansökan", on the page after copying and
// on the new draft; the copy is sent in with a changed title and the
// coordinator's case page with the field-by-field difference is sound too;
// a phone in Swedish and a desktop in English. The HTTP side, with the bad
// paths and a changed form version: tests/e2e/t_case_copy.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { visit, OUT, sharedBrowser, signIn, PHONE_SV_DESKTOP_EN, assertSound } from './lib.mjs';

const T = { timeout: 180_000 };
const { withPage } = sharedBrowser();

async function submit(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
}

for (const c of PHONE_SV_DESKTOP_EN) {
  test(`copy a refused application and compare (${c.name})`, T, async () => {
    let newId;
    const title = `Uppföljning ${c.name}: fler år`;
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'sokande');
      await visit(page, '/cases');
      const refused = page.locator('tr', { has: page.locator('span.state-refused') });
      assert.ok(await refused.count() >= 1, 'the applicant has a refused case');
      await visit(page, await refused.first().locator('a').first().getAttribute('href'));
      await assertSound(page, 'a refused case with the copy button');
      await submit(page, page.locator('form[action$="/copy"] button[type="submit"]'));
      assert.match(await page.locator('main h1').innerText(), /kopierad|copied/i, 'the copy is made');
      await assertSound(page, 'the page after copying');
      await page.screenshot({ path: path.join(OUT, `case-copied-${c.name}.png`), fullPage: true });
      const href = await page.locator('a.button').last().getAttribute('href');
      newId = href.split('/').pop();
      await visit(page, href);
      await assertSound(page, 'the new draft');
      await page.locator('#f-title').fill(title);
      // On paper: a copy whose age key today's checks refused (the demo's) needs none then.
      await page.locator('#f-delivery').selectOption('paper');
      await submit(page, page.locator('button[name="send"][value="1"]'));
      assert.match(page.url(), new RegExp(`/cases/${newId}$`), 'sent in');
      assert.equal(await page.locator('span.state-received').count(), 1, 'the copy is received');
    });
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'samordnare');
      await visit(page, `/cases/${newId}`);
      const diff = page.locator('table.field-diff');
      assert.equal(await diff.count(), 1, 'the coordinator sees the field difference');
      assert.match(await diff.innerText(), new RegExp(title), 'with the new title');
      await assertSound(page, "the coordinator's page of the copy");
      await page.screenshot({ path: path.join(OUT, `case-copy-diff-${c.name}.png`), fullPage: true });
    });
  });
}
