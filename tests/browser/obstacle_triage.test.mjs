// obstacle_triage.test.mjs — the obstacle analyst's pages in a real browser:
// a report sent signed out shows up in the analyst's queue (demo `hinder`),
// its page offers one form per allowed step, and triage, assessment and a
// closing answer are done with the keyboard and the mouse; the reporter's
// page then shows the answer. axe-core (WCAG 2.1 A/AA) finds nothing on the
// queue, the obstacle page (also after a refused step) and the reporter's
// page, on a phone in Swedish and a desktop in English, and nothing is
// wider than the phone. Screenshots: out/obstacle-triage-*.png. The HTTP
// side: tests/e2e/t_obstacle_triage.sh.
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
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(`${form} button[type="submit"]`).click()]);
}

for (const c of CASES) {
  test(`the analyst triages, assesses and answers a report (${c.name})`, T, async () => {
    const marker = `Webbläsartest ${c.name} ${Date.now()}`;
    let followUrl = '';
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await visit(page, '/hinder/ny');
      await page.locator('#what').fill(`${marker}: registret svarade inte på vår begäran om data.`);
      await page.locator('input[name="category"][value="lead_times"]').check();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('form[action="/hinder"] button[value="send"]').click()]);
      followUrl = new URL(page.url()).pathname + new URL(page.url()).search;
    });
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'hinder');
      await visit(page, '/hinder/analys');
      await noAxeViolation(page, 'the queue');
      await page.screenshot({ path: path.join(OUT, `obstacle-triage-queue-${c.name}.png`), fullPage: true });
      const row = page.locator('tr', { hasText: marker });
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), row.locator('a').first().click()]);
      const id = page.url().match(/\/hinder\/analys\/(\d+)$/)[1];
      await noAxeViolation(page, 'the obstacle page');

      // A refused step (the reason left empty past the browser's check): a sentence, and the page is still sound.
      await page.locator(`form[action="/hinder/analys/${id}/steg/archive"]`).evaluate((f) => { f.noValidate = true; });
      await submit(page, `form[action="/hinder/analys/${id}/steg/archive"]`);
      assert.equal(await page.locator('#step-error').count(), 1, 'a refused step says why');
      await noAxeViolation(page, 'the obstacle page after a refusal');

      await submit(page, `form[action="/hinder/analys/${id}/steg/triage"]`);
      await page.locator('#assess-need').fill('Uppföljning av vårdköer');
      await submit(page, `form[action="/hinder/analys/${id}/steg/assess"]`);
      await page.locator('#close-answer').fill('Tack! Vi har tagit upp saken med registret.');
      await submit(page, `form[action="/hinder/analys/${id}/steg/close"]`);
      assert.equal(await page.locator('form[action^="/hinder/analys/"][class="step"]').count(), 0, 'a closed obstacle has no step left');
      await page.screenshot({ path: path.join(OUT, `obstacle-triage-page-${c.name}.png`), fullPage: true });
      await noAxeViolation(page, 'the closed obstacle page');
    });
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await visit(page, followUrl.replace('&ny=1', ''));
      assert.match(await page.locator('#public-answer').innerText(), /Vi har tagit upp saken/);
      await noAxeViolation(page, "the reporter's page");
    });
  });
}
