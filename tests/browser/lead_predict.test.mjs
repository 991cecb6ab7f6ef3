// lead_predict.test.mjs — /process/ORG/prognos in a real browser, not
// signed in: the form filled in (Process 2, five units, three kinds of
// data) and sent without JavaScript's help, the answer table; axe-core
// (WCAG 2.1 A/AA) finds nothing, on a phone in Swedish and a desktop in
// English, and nothing is wider than the phone. (The browser's store has
// few decided cases: the answer may be "too few cases to say".) Screenshots:
// out/lead-predict-*.png. The HTTP side: tests/e2e/t_lead_predict.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { visit, OUT, sharedBrowser, PHONE_SV_DESKTOP_EN, assertSound } from './lib.mjs';

const T = { timeout: 120_000 };
const { withPage } = sharedBrowser();

for (const c of PHONE_SV_DESKTOP_EN) {
  test(`the expected lead time before applying (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await visit(page, '/org');
      const href = await page.locator('a[href^="/process/"]').first().getAttribute('href');
      assert.ok(href, 'the organisation page links a process page');
      await visit(page, `${href}/prognos`);
      await assertSound(page, 'the prediction page');
      await page.locator('input[name="process"][value="2"]').check();
      await page.locator('#enheter').fill('5');
      await page.locator('#datatyper').fill('3');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form.prognos button[type="submit"]').click()]);
      assert.match(page.url(), /process=2&enheter=5&datatyper=3/, 'the form is a GET with the request described');
      // The browser's store has few decided cases: the answer is a table, or
      // says there are too few to say — one of the two, never nothing.
      const rows = await page.locator('table.prognos tbody tr').count();
      const answer = await page.locator('section[aria-labelledby="answer-h"]').innerText();
      assert.ok(rows > 0 || /För få|Too few/.test(answer), `the answer is a table or says too few (${answer.slice(0, 200)})`);
      assert.equal(await page.locator('input[name="process"][value="2"]').isChecked(), true, 'the choice is kept');
      await assertSound(page, 'the prediction page with an answer');
      await page.screenshot({ path: path.join(OUT, `lead-predict-${c.name}.png`), fullPage: true });
    });
  });
}
