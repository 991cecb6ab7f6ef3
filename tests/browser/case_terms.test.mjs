// case_terms.test.mjs — /admin/case-terms in a real browser (demo `admin`):
// axe-core (WCAG 2.1 A/AA) finds nothing on the page of step targets and
// the fee schedule, after saving each form and after a refused fee, on a
// phone in Swedish and a desktop in English, and nothing is wider than the
// phone. Then the coordinator's queue filtered to overdue cases (its
// marker column) is checked the same way. Screenshots: out/case-terms-*.png.
// The HTTP side: tests/e2e/t_cost_estimate.sh and t_deadlines.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, OUT, sharedBrowser, signIn, PHONE_SV_DESKTOP_EN, assertSound,
} from './lib.mjs';

const T = { timeout: 120_000 };
const { withPage } = sharedBrowser();

async function submit(page, button) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(button).click()]);
}

for (const c of PHONE_SV_DESKTOP_EN) {
  test(`the target times and fees page (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'admin');
      await visit(page, '/admin/case-terms');
      await assertSound(page, 'the target times and fees');
      await page.locator('#days-received').fill('4');
      await page.locator('#unit-extracting').selectOption('calendar');
      await submit(page, 'form[action$="/targets"] button[type="submit"]');
      assert.equal(await page.locator('#days-received').inputValue(), '4', 'the target is saved');
      await page.locator('#fee-base').fill('-5');
      await submit(page, 'form[action$="/fees"] button[type="submit"]');
      assert.equal(await page.locator('p.error[role="alert"]').count(), 1, 'a refused fee says why');
      await assertSound(page, 'the page after a refused fee');
      await page.locator('input[name="charges"]').check();
      await page.locator('#fee-base').fill('1 500');
      await page.locator('#fee-hourly').fill('950');
      await page.locator('#fee-vat').selectOption('25');
      await submit(page, 'form[action$="/fees"] button[type="submit"]');
      assert.equal(await page.locator('p.error[role="alert"]').count(), 0, 'the fee schedule is saved');
      await assertSound(page, 'the page after saving');
      await page.screenshot({ path: path.join(OUT, `case-terms-${c.name}.png`), fullPage: true });
    });
  });

  test(`the queue filtered to overdue cases (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'samordnare');
      await visit(page, '/cases?due=week');
      await assertSound(page, 'the queue due this week');
      await visit(page, '/cases');
      await assertSound(page, 'the queue with its target column');
      await page.screenshot({ path: path.join(OUT, `cases-due-${c.name}.png`), fullPage: true });
    });
  });
}
