// case_claim.test.mjs — working together on a case, in a real browser
// (demo `samordnare`, `registrator`, `admin`): axe-core (WCAG 2.1 A/AA) finds
// nothing on a case page with the claim form, after taking the case and
// writing an internal note, on the colleague's page that says who has it,
// on the queue with its "Taget av" column and on the admin's list of claims;
// a phone in Swedish and a desktop in English, nothing wider than the phone.
// The HTTP side, with the bad paths: tests/e2e/t_case_claim.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { visit, OUT, sharedBrowser, signIn, PHONE_SV_DESKTOP_EN, assertSound } from './lib.mjs';

const T = { timeout: 180_000 };
const { withPage } = sharedBrowser();

async function submit(page, button) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(button).first().click()]);
}

for (const c of PHONE_SV_DESKTOP_EN) {
  test(`claim, note and the claims list (${c.name})`, T, async () => {
    let caseId;
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'samordnare');
      await visit(page, '/cases?state=open');
      // A case nobody has taken (each run takes one).
      const rows = page.locator('table.cases tbody tr', { has: page.locator('td.claimed-by', { hasText: /^–$/ }) });
      assert.ok(await rows.count() >= 1, 'an open case nobody has taken');
      const href = await rows.first().locator('a').first().getAttribute('href');
      caseId = href.split('/').pop();
      await visit(page, href);
      assert.equal(await page.locator(`form[action="/cases/${caseId}/claim"]`).count(), 1, 'the claim form');
      await assertSound(page, 'a case nobody has taken');
      await submit(page, `form[action="/cases/${caseId}/claim"] button[type="submit"]`);
      await page.locator('#note-body').fill(`Intern anteckning (${c.name}): ring sökanden.`);
      await submit(page, `form[action="/cases/${caseId}/notes"] button[type="submit"]`);
      assert.match(await page.locator('ol.notes').innerText(), /ring sökanden/, 'the note is in the thread');
      await page.locator('section.collab details summary').click();
      await assertSound(page, 'the case after taking it, with a note and the handover form open');
      await page.screenshot({ path: path.join(OUT, `case-claim-${c.name}.png`), fullPage: true });
      await visit(page, '/cases?state=all');
      await assertSound(page, 'the queue with who has each case');
    });
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'registrator');
      await visit(page, `/cases/${caseId}`);
      assert.match(await page.locator('p.claim').innerText(), /Karin Samordnare/, 'the colleague sees who has it');
      await assertSound(page, "a colleague's view of a taken case");
    });
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'admin');
      await visit(page, '/cases/claims');
      await assertSound(page, "the admin's list of claims");
      await submit(page, `form[action="/cases/${caseId}/release"] button[type="submit"]`);
      assert.match(page.url(), /\/cases\/claims$/, 'back on the list');
      await assertSound(page, 'the list after a release');
    });
  });
}
