// portal.test.mjs — the applicant's portal in a real browser (demo
// `sokande`, whose demo cases have a history): axe-core (WCAG 2.1 A/AA)
// finds nothing on Mina ärenden, on a case page with its thread and members
// section, after a message is sent and after a co-researcher is invited, on
// a phone in Swedish and a desktop in English, and nothing is wider than
// the phone. Screenshots: out/portal-*.png. The HTTP side:
// tests/e2e/t_applicant_portal.sh and t_case_members.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { visit, OUT, sharedBrowser, signIn, PHONE_SV_DESKTOP_EN, assertSound } from './lib.mjs';

// The invitation link mailed to an address, read from the outbox of the
// store behind the server (run.sh exports its path).
function mailedLink(to) {
  const db = process.env.DATALOTS_BROWSER_DB;
  assert.ok(db, 'run.sh exports DATALOTS_BROWSER_DB');
  const body = execFileSync('sqlite3', [db, `SELECT body_text FROM outbox WHERE kind = 'case.member_invite' AND to_addr = '${to}' ORDER BY id DESC LIMIT 1`]).toString();
  const m = body.match(/\/medlem\?t=[0-9a-f]{64}/);
  assert.ok(m, `an invitation link was mailed to ${to}`);
  return m[0];
}

const T = { timeout: 120_000 };
const { withPage } = sharedBrowser();

async function submit(page, button) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(button).click()]);
}

for (const c of PHONE_SV_DESKTOP_EN) {
  test(`Mina ärenden, the thread and the members (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'sokande');
      await visit(page, '/mina-arenden');
      const rows = page.locator('main table.portal tbody tr');
      assert.ok((await rows.count()) > 0, 'the applicant has cases listed');
      await assertSound(page, 'Mina ärenden');
      await page.screenshot({ path: path.join(OUT, `portal-${c.name}.png`), fullPage: true });

      // An open case that has been sent in: its page has the thread and the members.
      const open = page.locator('main table.portal tbody tr', {
        has: page.locator('.state-received, .state-awaiting_samrad, .state-awaiting_decision, .state-unit_consultation, .state-extracting, .state-awaiting_assignment, .state-completion_requested'),
      });
      assert.ok((await open.count()) > 0, 'an open case is listed');
      const href = await open.first().locator('a').first().getAttribute('href');
      await visit(page, href);
      assert.equal(await page.locator('#meddelanden').count(), 1, 'the case page has the thread');
      assert.equal(await page.locator('#medlemmar').count(), 1, 'and the members section');
      await assertSound(page, 'the case page with the thread');

      await page.locator('#msg-body').fill(`Fråga från webbläsartestet (${c.name})`);
      await submit(page, 'form[action$="/messages"] button[type="submit"]');
      assert.match(await page.locator('#meddelanden').innerText(), new RegExp(`webbläsartestet \\(${c.name}\\)`), 'the message is shown');
      await assertSound(page, 'the thread after a message');

      await page.locator('#mem-email').fill(`medforskare-${c.name}@uni.example`);
      await submit(page, 'form[action$="/members"] button[type="submit"]');
      assert.match(await page.locator('#medlemmar').innerText(), new RegExp(`medforskare-${c.name}@uni\\.example`), 'the invitation is listed');
      await assertSound(page, 'the members after an invitation');
      await page.screenshot({ path: path.join(OUT, `portal-case-${c.name}.png`), fullPage: true });
    });
    // The invited co-researcher: the invitation page, a new account, the terms.
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await visit(page, mailedLink(`medforskare-${c.name}@uni.example`));
      await assertSound(page, 'the invitation page');
      await page.screenshot({ path: path.join(OUT, `portal-invitation-${c.name}.png`), fullPage: true });
      await page.locator('#username').fill(`medforskare${c.name.replace('-', '')}`);
      await page.locator('#display_name').fill('Maja Medforskare');
      await page.locator('#password').fill('Ett långt lösenord för webbläsaren 1');
      await page.locator('#confirm').fill('Ett långt lösenord för webbläsaren 1');
      await submit(page, 'form[action="/medlem"] button[type="submit"]');
      assert.equal(await page.locator('#medlemmar').count(), 1, 'the new member lands on the case');
      await assertSound(page, 'the case page of a member before the terms');
      await page.locator('#medlemmar input[name="read"]').check();
      await submit(page, 'form[action$="/terms"] button[type="submit"]');
      assert.equal(await page.locator('form[action$="/terms"]').count(), 0, 'the terms are accepted');
      await assertSound(page, 'the case page of a member who accepted');
      await page.screenshot({ path: path.join(OUT, `portal-member-${c.name}.png`), fullPage: true });
    });
  });
}
