// redaction.test.mjs — an attachment's redaction page in a real browser:
// the applicant sends a draft with the ethics decision (a PDF chosen in the
// file field), the registry takes it (set in the store, as the registrar's
// intake would), the registrar (demo `registrator`) opens
// /cases/ID/attachments/ATT/maskering, is refused a blank reason, uploads a
// redacted PDF with the reason, and the applicant's case page then marks the
// attachment "Maskerad" with no link to the original. axe-core (WCAG 2.1
// A/AA) finds nothing on each page, on a phone in Swedish and a desktop in
// English, and nothing is wider than the phone. Screenshots:
// out/redaction-*.png. The HTTP side: tests/e2e/t_redaction.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { visit, OUT, sharedBrowser, signIn, PHONE_SV_DESKTOP_EN, assertSound } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = process.env.DATALOTS_BIN || path.join(here, '../../build/san/datalots');
const T = { timeout: 120_000 };
const { withPage } = sharedBrowser();

function sql(statement) {
  const db = process.env.DATALOTS_BROWSER_DB;
  assert.ok(db, 'run.sh exports DATALOTS_BROWSER_DB');
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, statement]).toString().trim();
}

async function submit(page, button) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(button).click()]);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalots-redaction-'));
const original = path.join(dir, 'etikbeslut.pdf');
const redacted = path.join(dir, 'etikbeslut-maskerad.pdf');
execFileSync(BIN, ['doc', 'sample', '--out', original], { stdio: 'ignore' });
execFileSync(BIN, ['doc', 'sample', '--rows', '4', '--out', redacted], { stdio: 'ignore' });

for (const c of PHONE_SV_DESKTOP_EN) {
  test(`an attachment redacted by the registrar (${c.name})`, T, async () => {
    let caseId;
    let attId;
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'sokande');
      const org = sql("SELECT id FROM org_node WHERE code = 'RH'");
      await visit(page, `/cases/new?org=${org}`);
      await page.locator('#f-title').fill(`Maskeringstest ${c.name}`);
      await page.locator('#f-ethics_file').setInputFiles(original);
      await submit(page, 'form.case-form button[name="send"][value="0"]');
      caseId = Number(new URL(page.url()).pathname.split('/').pop());
      assert.ok(caseId > 0, 'the draft was saved with its attachment');
      attId = Number(sql(`SELECT id FROM case_attachment WHERE case_id = ${caseId}`));
      assert.ok(attId > 0, 'the attachment is stored');
    });
    sql(`UPDATE cases SET state = 'received', target_node_id = (SELECT id FROM org_node WHERE code = 'VC-BJORK') WHERE id = ${caseId}`);

    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'registrator');
      await visit(page, `/cases/${caseId}`);
      assert.equal(await page.locator(`a[href="/cases/${caseId}/attachments/${attId}/maskering"]`).count(), 1,
        'the case page links the redaction page');
      await visit(page, `/cases/${caseId}/attachments/${attId}/maskering`);
      await assertSound(page, 'the redaction page');
      assert.equal(await page.locator(`a[href="/cases/${caseId}/attachments/${attId}/original"]`).count(), 1,
        'the registrar has the link to the original');
      // A blank reason, the browser's own check set aside: the server says what is missing.
      await page.locator('form[enctype="multipart/form-data"]').evaluate((f) => { f.noValidate = true; });
      await page.locator('#redacted_file').setInputFiles(redacted);
      await submit(page, 'form[enctype="multipart/form-data"] button[type="submit"]');
      assert.equal(await page.locator('p.error[role="alert"]').count(), 1, 'a blank reason is refused with a sentence');
      await assertSound(page, 'the redaction page after a refusal');
      await page.locator('#redacted_file').setInputFiles(redacted);
      await page.locator('#reason').fill('Personnummer på sidan 2 maskerat (OSL 25 kap. 1 §).');
      await submit(page, 'form[enctype="multipart/form-data"] button[type="submit"]');
      assert.match(await page.locator('main').innerText(), /OSL 25 kap\. 1 §/, 'the reason is shown');
      await assertSound(page, 'the redaction page after a redaction');
      await page.screenshot({ path: path.join(OUT, `redaction-${c.name}.png`), fullPage: true });
    });

    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'sokande');
      await visit(page, `/cases/${caseId}`);
      const badge = c.locale.startsWith('sv') ? 'Maskerad' : 'Redacted';
      assert.match(await page.locator('main').innerText(), new RegExp(badge), 'the applicant sees the attachment marked redacted');
      assert.equal(await page.locator('a[href$="/original"]').count(), 0, 'and no link to the original');
      await assertSound(page, "the applicant's case page with a redacted attachment");
    });
  });
}
