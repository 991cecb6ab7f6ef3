// questions.test.mjs — questions routed to the right member function in a
// real browser (issue 15 item 6): the form on /fragor/ny sent by a visitor
// and its thanks page, the shared queue /fragor with its answer times, one
// question with its step forms, and the routing rules /fragor/regler:
// axe-core (WCAG 2.1 A/AA) finds nothing and nothing is wider than the
// window, on a phone in Swedish and a desktop in English (assertSound).
// The HTTP side: tests/e2e/t_questions.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, signIn, OUT, sharedBrowser, PHONE_SV_DESKTOP_EN, assertSound,
} from './lib.mjs';

const T = { timeout: 180_000 };
const { withPage } = sharedBrowser();

for (const c of PHONE_SV_DESKTOP_EN) {
  test(`asking a question (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page, problems }) => {
      await visit(page, '/fragor/ny');
      await assertSound(page, '/fragor/ny');
      await page.screenshot({ path: path.join(OUT, `question-form-${c.name}.png`), fullPage: true });
      await page.locator('#q-topic').selectOption('access');
      await page.locator('#q-type').selectOption('patient-record');
      await page.locator('#q-holder').fill('Region Halland');
      await page.locator('#q-body').fill('Vem beslutar om utlämnande av journaldata i Halland?');
      await page.locator('#q-email').fill(`fraga-${c.name}@example.se`);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('form[action="/fragor/ny"] button').click()]);
      assert.equal(await page.locator('#question-routed').count(), 1, 'the thanks page says where it went');
      await assertSound(page, 'the thanks page');
      assert.deepEqual(problems, [], 'no console errors or failed requests');
    });
  });

  test(`the queue, a question and the rules (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'natverk');
      await visit(page, '/fragor?lage=all');
      assert.ok(await page.locator('table.questions tbody tr').count() >= 6, 'questions are listed');
      assert.ok(await page.locator('table.answer-times tbody tr').count() >= 2, 'answer times are shown');
      await assertSound(page, '/fragor');
      await page.screenshot({ path: path.join(OUT, `questions-${c.name}.png`), fullPage: true });
      await visit(page, '/fragor'); /* the open ones: the step forms are on the page */
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('table.questions tbody tr a').first().click()]);
      assert.match(page.url(), /\/fragor\/[0-9]+$/);
      assert.ok(await page.locator('form.step').count() >= 3, 'the coordinator has steps on an open question');
      await assertSound(page, page.url());
      await page.screenshot({ path: path.join(OUT, `question-${c.name}.png`), fullPage: true });
      await visit(page, '/fragor/regler');
      await assertSound(page, '/fragor/regler');
      await page.screenshot({ path: path.join(OUT, `question-routes-${c.name}.png`), fullPage: true });
    });
  });
}
