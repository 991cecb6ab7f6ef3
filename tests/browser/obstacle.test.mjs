// obstacle.test.mjs — reporting an obstacle in a real browser: from a law's
// page in the knowledge guide, "Rapportera ett hinder" opens the form with
// the page and the law filled in; a person fills it in with the keyboard and
// the mouse and sends it (a send past the browser's own checks is refused
// by the server with a sentence and the text kept), also with JavaScript
// disabled; the follow-up page shows the report. axe-core (WCAG 2.1 A/AA)
// finds nothing on the form, the refusal and the follow-up page, on a phone in Swedish and a desktop in
// English, and nothing is wider than the phone. The robot trap is neither
// seen nor reached by Tab. Screenshots: out/obstacle-*.png. The HTTP side:
// tests/e2e/t_obstacle_report.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, axe, OUT, sharedBrowser, PHONE_SV_DESKTOP_EN, assertSound,
} from './lib.mjs';

const T = { timeout: 120_000 };
const CASES = PHONE_SV_DESKTOP_EN;

const { withPage } = sharedBrowser();

const noAxeViolation = assertSound;

for (const c of CASES) {
  test(`report an obstacle from a law's page (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page, problems }) => {
      await visit(page, '/guide/osl-25-kap-1');
      const report = c.locale.startsWith('sv') ? 'Rapportera ett hinder' : 'Report an obstacle';
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name: report, exact: true }).click()]);
      assert.match(page.url(), /\/hinder\/ny\?sida=\/guide\/osl-25-kap-1$/);
      assert.equal(await page.locator('#law').inputValue(), 'osl-25-kap-1', 'the law of the page is chosen');
      assert.equal(await page.locator('.trap').isVisible(), false, 'the robot trap is not seen');
      await noAxeViolation(page, 'the report form');
      await page.screenshot({ path: path.join(OUT, `obstacle-form-${c.name}.png`), fullPage: true });

      await page.locator('#what').fill('Regionen tolkade sekretessen så att inga journaldata lämnades ut.');
      {
        // Sent without a category past the browser's own check: the server
        // refuses with a sentence and keeps the text.
        await page.locator('form[action="/hinder"]').evaluate((f) => { f.noValidate = true; });
        await Promise.all([page.waitForNavigation(), page.locator('form[action="/hinder"] button[value="send"]').click()]);
        assert.equal(await page.locator('#obstacle-error').count(), 1, 'a refusal names what to correct');
        assert.match(await page.locator('#what').inputValue(), /inga journaldata/, 'what was written is kept');
        await noAxeViolation(page, 'the refused form');
      }

      // Tab never lands in the trap.
      await page.locator('#email').focus();
      await page.keyboard.press('Tab');
      assert.notEqual(await page.evaluate(() => document.activeElement.id), 'website', 'Tab skips the robot trap');

      await page.locator('input[name="category"][value="legal_interpretation"]').check();
      await page.locator('input[name="consequence"][value="delayed"]').check();
      await page.locator('#data').fill('Journaldata');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form[action="/hinder"] button[value="send"]').click()]);
      assert.match(page.url(), /\/hinder\/folj\?t=[0-9a-f]{64}&ny=1$/, 'sent to the private follow-up link');
      const thanks = c.locale.startsWith('sv') ? 'Tack! Hindret är mottaget' : 'Thank you! The obstacle has been received';
      assert.equal(await page.getByRole('heading', { name: thanks }).count(), 1);
      assert.match(await page.locator('main').innerText(), /inga journaldata/);
      await noAxeViolation(page, 'the follow-up page');
      await page.screenshot({ path: path.join(OUT, `obstacle-follow-${c.name}.png`), fullPage: true });
      // The refusal's 422 is the one answer the browser reports.
      const unexpected = problems.filter((m) => !/status of 422 .*\/hinder\)$/.test(m));
      assert.deepEqual(unexpected, [], 'no other console errors or failed requests');
    });
  });
}

// Without JavaScript (axe needs it, so only the way through): the link, the
// form with its law chosen, sending, the follow-up page.
test('report an obstacle with JavaScript disabled', T, async () => {
  await withPage({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false }, async ({ page }) => {
    await visit(page, '/guide/osl-25-kap-1');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('a[href="/hinder/ny?sida=/guide/osl-25-kap-1"]').click()]);
    assert.equal(await page.locator('#law option[value="osl-25-kap-1"][selected]').count(), 1, 'the law is chosen');
    await page.locator('#what').fill('Utan JavaScript: regionen svarade inte på fyra månader.');
    await page.locator('input[name="category"][value="lead_times"]').check();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('form[action="/hinder"] button[value="send"]').click()]);
    assert.match(page.url(), /\/hinder\/folj\?t=[0-9a-f]{64}&ny=1$/, 'sent to the private follow-up link');
    assert.match(await page.locator('main').innerText(), /regionen svarade inte på fyra månader/);
  });
});
