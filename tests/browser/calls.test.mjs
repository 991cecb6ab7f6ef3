// calls.test.mjs — the joint-call pages in a real browser (issue 15 item 2,
// docs/calls.md): the network coordinator (demo `natverk`) publishes a call
// from /utlysningar, the call's page with its application form, a refused
// application (no organisation) and the application's page (the
// coordinator applied, so may withdraw it but not assess it); axe-core (WCAG 2.1 A/AA) finds nothing on each, on a
// phone in Swedish and a desktop in English, and nothing is wider than the
// phone. Screenshots: out/calls-*.png. The HTTP side: tests/e2e/t_calls.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { visit, OUT, sharedBrowser, signIn, PHONE_SV_DESKTOP_EN, assertSound } from './lib.mjs';

const T = { timeout: 120_000 };
const { withPage } = sharedBrowser();
const sound = assertSound;

for (const c of PHONE_SV_DESKTOP_EN) {
  test(`a call, its application form and an application (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'natverk');
      await visit(page, '/utlysningar');
      await sound(page, 'the calls with the new-call form');
      await page.locator('#call-title').fill(`Gemensamma metoder ${c.name}`);
      await page.locator('#call-body').fill('## Syfte\n\nSamverkan mellan **stödfunktioner**.');
      await page.locator('#call-opens').fill('2020-01-01');
      await page.locator('#call-closes').fill('2099-12-31');
      await page.locator('#call-criteria').fill('Gemensam nytta\nGenomförbarhet');
      await page.locator('#call-budget').fill('1 000 000 kr');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form[action="/utlysningar"] button[type="submit"]').click()]);
      assert.match(page.url(), /\/utlysningar\/\d+$/, 'the call is published');
      const call = page.url();
      await visit(page, new URL(call).pathname + '/ansok');
      await sound(page, 'the call with its application form');
      await page.screenshot({ path: path.join(OUT, `calls-call-${c.name}.png`), fullPage: true });
      await page.locator('form[action$="/ansok"]').evaluate((f) => { f.noValidate = true; });
      await page.locator('#app-email').fill('kontakt@example.se');
      await page.locator('#app-project').fill('Checklista');
      await page.locator('#app-description').fill('Vi tar fram en checklista.');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form[action$="/ansok"] button[type="submit"]').click()]);
      assert.equal(await page.locator('p.error[role="alert"]').count(), 1, 'a refused application says why');
      await sound(page, 'the application form after a refusal');
      await page.locator('#app-org').fill('Centrum för hälsodata');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form[action$="/ansok"] button[type="submit"]').click()]);
      assert.match(page.url(), /\/ansokningar\/\d+$/, 'the application is sent');
      assert.ok(await page.locator('#steg-withdraw').isVisible(), 'the applicant may withdraw it');
      assert.equal(await page.locator('#score-1').count(), 0, 'no one assesses their own application');
      await sound(page, 'the application page');
      await page.screenshot({ path: path.join(OUT, `calls-application-${c.name}.png`), fullPage: true });
    });
  });
}
