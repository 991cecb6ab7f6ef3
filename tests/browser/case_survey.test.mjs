// case_survey.test.mjs — the satisfaction survey of a closed case in a real
// browser (issue 15 item 3; docs/followup.md): a survey made in the store
// behind the server (run.sh exports its path) with a known token, the page
// with its one question as a radio group in a fieldset with a legend, a
// refused answer (no score: the browser's own check is bypassed to see the
// server's sentence) and a taken one — axe-core (WCAG 2.1 A/AA) finds
// nothing and nothing is wider than the window, on a phone in Swedish and a
// desktop in English (assertSound). Screenshots: out/survey-*.png. The HTTP
// side: tests/e2e/t_followup_survey.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { visit, OUT, sharedBrowser, PHONE_SV_DESKTOP_EN, assertSound } from './lib.mjs';

const T = { timeout: 120_000 };
const { withPage } = sharedBrowser();

// A survey of a case with none yet, answerable with the token returned.
function newSurvey() {
  const db = process.env.DATALOTS_BROWSER_DB;
  assert.ok(db, 'run.sh exports DATALOTS_BROWSER_DB');
  const token = crypto.randomBytes(32).toString('hex');
  const hash = crypto.createHash('sha256').update(token).digest('hex');
  const now = Math.floor(Date.now() / 1000);
  execFileSync('sqlite3', [db, `INSERT INTO case_survey(case_id, token_hash, sent_at, expires_at)
    SELECT MIN(id), '${hash}', ${now}, ${now + 60 * 86400} FROM cases
    WHERE id NOT IN (SELECT case_id FROM case_survey)`]);
  return token;
}

for (const c of PHONE_SV_DESKTOP_EN) {
  test(`the satisfaction survey (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page, problems }) => {
      const token = newSurvey();
      await visit(page, `/enkat?t=${token}`);
      assert.equal(await page.locator('fieldset legend').count(), 1, 'the question is a legend');
      assert.equal(await page.locator('fieldset input[type=radio][name=betyg]').count(), 5, 'five answers');
      await assertSound(page, 'the survey');
      await page.screenshot({ path: path.join(OUT, `survey-${c.name}.png`), fullPage: true });
      await page.locator('#enkat').evaluate((f) => { f.noValidate = true; });
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('#enkat button').click()]);
      assert.equal(await page.locator('#fel').count(), 1, 'no score: the sentence');
      await assertSound(page, 'the survey with an error');
      await page.locator('input[name=betyg][value="4"]').check();
      await page.locator('#kommentar').fill('Tydligt och snabbt.');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('#enkat button').click()]);
      assert.equal(await page.locator('#tack').count(), 1, 'thanked');
      await assertSound(page, 'the survey answered');
      assert.deepEqual(problems.filter((p) => !/status of 422/.test(p)), [], "no console errors or failed requests (the refused form without a score is a 422, like every form)");
    });
  });
}
