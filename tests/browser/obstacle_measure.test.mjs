// obstacle_measure.test.mjs — measures against obstacles in a real browser:
// the analyst (demo `hinder`) publishes a report, registers a measure for it
// from the obstacle's page, starts it at a progress with a note, and the
// public page of the obstacle shows the measure with its progress bar and
// its public timeline. axe-core (WCAG 2.1 A/AA) finds nothing on the
// measures page (also after a refused step), the measure's page and the
// public obstacle page, on a phone in Swedish and a desktop in English,
// and nothing is wider than the phone; the per cent never wraps. The HTTP
// side: tests/e2e/t_obstacle_measure.sh. Screenshots: out/obstacle-measure-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, axe, OUT, sharedBrowser, signIn, PHONE_SV_DESKTOP_EN, assertSound,
} from './lib.mjs';

const T = { timeout: 120_000 };
const CASES = PHONE_SV_DESKTOP_EN;

const { withPage } = sharedBrowser();

const noAxeViolation = assertSound;

async function submit(page, form) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(`${form} button[type="submit"]`).first().click()]);
}

for (const c of CASES) {
  test(`the analyst registers a measure and the public sees its progress (${c.name})`, T, async () => {
    const marker = `Åtgärdstest ${c.name} ${Date.now()}`;
    let id = '';
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await visit(page, '/hinder/ny');
      await page.locator('#what').fill(`${marker}: regionen lämnade inte ut journaldata.`);
      await page.locator('input[name="category"][value="legal_interpretation"]').check();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('form[action="/hinder"] button[value="send"]').click()]);
    });
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'hinder');
      await visit(page, '/hinder/analys');
      const row = page.locator('tr', { hasText: marker });
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), row.locator('a').first().click()]);
      id = page.url().match(/\/hinder\/analys\/(\d+)$/)[1];
      await visit(page, `/hinder/analys/${id}/publicera`);
      await page.locator('#public_text').fill(`${marker}: regionen lämnade inte ut journaldata.`);
      await submit(page, `form[action="/hinder/analys/${id}/publicera"]`);

      await visit(page, `/hinder/analys/${id}`);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(`a[href="/hinder/atgarder?hinder=${id}#ny"]`).click()]);
      await noAxeViolation(page, 'the measures page');
      // Refused past the browser's check (no title): a sentence, and the page is still sound.
      await page.locator('form[method="post"][action="/hinder/atgarder"]').evaluate((f) => { f.noValidate = true; });
      await page.locator('#m-outcome').selectOption('guidance');
      await submit(page, 'form[method="post"][action="/hinder/atgarder"]');
      assert.equal(await page.locator('#measure-error').count(), 1, 'a refused measure says why');
      await noAxeViolation(page, 'the measures page after a refusal');

      await page.locator('#m-title').fill(`Vägledning ${marker}`);
      await page.locator('#m-outcome').selectOption('guidance');
      await page.locator('#m-due').fill('2027-06-30');
      await submit(page, 'form[method="post"][action="/hinder/atgarder"]');
      assert.match(page.url(), /\/hinder\/atgarder\/\d+$/);
      const mid = page.url().match(/(\d+)$/)[1];
      await page.locator('#start-progress').fill('40');
      await page.locator('#start-note').fill('Ett utkast till vägledning är klart.');
      await submit(page, `form[action="/hinder/atgarder/${mid}/steg/start"]`);
      await noAxeViolation(page, "the measure's page");
      await page.screenshot({ path: path.join(OUT, `obstacle-measure-page-${c.name}.png`), fullPage: true });
    });
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await visit(page, `/hinder/${id}`);
      const m = page.locator('article.measure', { hasText: marker });
      assert.equal(await m.count(), 1, 'the public page shows the measure');
      assert.equal(await m.locator('progress').getAttribute('value'), '40');
      assert.match(await m.innerText(), /Ett utkast till vägledning är klart\./);
      // "40 %" on one line
      const lines = await m.locator('dd.nowrap').first().evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight || '20')));
      assert.ok(lines <= 1, 'the per cent does not wrap');
      await noAxeViolation(page, 'the public obstacle page');
      await page.screenshot({ path: path.join(OUT, `obstacle-measure-public-${c.name}.png`), fullPage: true });
    });
  });
}
