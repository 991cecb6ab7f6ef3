// api_tokens.test.mjs — /admin/api-tokens in a real browser (demo
// `admin`): axe-core (WCAG 2.1 A/AA) finds nothing on the list with its
// form, on the answer that shows a new token once, after a refused form and
// after a revocation, on a phone in Swedish and a desktop in English, and
// nothing is wider than the phone. Screenshots: out/api-tokens-*.png. The
// HTTP side: tests/e2e/t_api_tokens.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, axe, OUT, sharedBrowser, signIn, PHONE_SV_DESKTOP_EN, assertSound,
} from './lib.mjs';

const T = { timeout: 120_000 };
const CASES = PHONE_SV_DESKTOP_EN;

const { withPage } = sharedBrowser();

const sound = assertSound;

async function submit(page, button) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(button).click()]);
}

for (const c of CASES) {
  test(`the API tokens page: make, refuse, revoke (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'admin');
      await visit(page, '/admin/api-tokens');
      await sound(page, 'the token list');
      const name = `Browser ${c.name}`;
      await page.locator('#name').fill(name);
      await page.locator('#role').selectOption('coordinator');
      await page.locator('#node').selectOption({ label: 'Regionhälsan (RH)' });
      const day = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
      await page.locator('#expires').fill(day);
      await submit(page, 'form[action="/admin/api-tokens"] button[type="submit"]');
      const token = await page.locator('#new-token').inputValue();
      assert.match(token, /^dl_[0-9a-f]{64}$/, 'the new token is shown');
      await sound(page, 'the answer with the new token');
      await page.screenshot({ path: path.join(OUT, `api-tokens-new-${c.name}.png`), fullPage: true });
      // A role that needs a unit, for the whole installation: refused with a sentence.
      await page.locator('form[action="/admin/api-tokens"]').evaluate((f) => { f.noValidate = true; });
      await page.locator('#name').fill('Fel');
      await page.locator('#role').selectOption('registrar');
      await page.locator('#node').selectOption('0');
      await page.locator('#expires').fill(day);
      await submit(page, 'form[action="/admin/api-tokens"] button[type="submit"]');
      assert.equal(await page.locator('p.error[role="alert"]').count(), 1, 'a refused form says why');
      assert.equal(await page.locator('#new-token').count(), 0, 'no token is shown then');
      await sound(page, 'the page after a refusal');
      // Revoke the one made above.
      const row = page.locator('tr', { hasText: name });
      await submit(page, `tr:has-text("${name}") button.danger`);
      assert.equal(await row.locator('button').count(), 0, 'a revoked token has no button');
      await sound(page, 'the list after a revocation');
      await page.screenshot({ path: path.join(OUT, `api-tokens-${c.name}.png`), fullPage: true });
    });
  });
}
