// obstacle_preview.test.mjs — the reporter's preview and their changes
// before publication in a real browser: the form's "Förhandsgranska" shows
// how the report reads, warns of the personal data that will be removed
// (marked by kind in words) and lists similar published obstacles or says
// there are none; "Ändra" goes back with everything kept; "Skicka" sends
// it. On the follow-up page the reporter changes the text and withdraws
// the report. axe-core (WCAG 2.1 A/AA) finds nothing on the preview and
// the follow-up page with its forms, on a phone in Swedish and a desktop in
// English, and nothing is wider than the phone; the same way works with
// JavaScript disabled. Screenshots: out/obstacle-preview-*.png. The HTTP
// side: tests/e2e/t_obstacle_draft.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, axe, OUT, sharedBrowser, PHONE_SV_DESKTOP_EN, assertSound,
} from './lib.mjs';

const T = { timeout: 120_000 };
const CASES = PHONE_SV_DESKTOP_EN;

const { withPage } = sharedBrowser();

const noAxeViolation = assertSound;

async function press(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(selector).click()]);
}

const WHAT = 'Registeruttaget dröjde ett år. Ring mig på 070-123 45 67 om patienten 19121212-1212.';

for (const c of CASES) {
  test(`preview, send, change and withdraw a report (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page, problems }) => {
      const sv = c.locale.startsWith('sv');
      await visit(page, '/hinder/ny');
      await page.locator('#what').fill(WHAT);
      await page.locator('input[name="category"][value="lead_times"]').check();
      await page.locator('#email').fill('jag@example.org');
      await press(page, 'form[action="/hinder"] button[value="preview"]');
      assert.equal(await page.getByRole('heading', { level: 1, name: sv ? 'Förhandsgranska ditt hinder' : 'Preview your obstacle' }).count(), 1);
      assert.equal(await page.locator('#preview-pii').isVisible(), true, 'the personal data is warned of');
      assert.match(await page.locator('#preview-what').innerText(), /19121212-1212 \[(Personnummer|Personal identity number)\]/,
        'the personnummer is marked by its kind in words');
      const similar = await page.locator('ul.similar a[href$="#bevaka"]').count();
      const none = await page.locator('#no-similar').count();
      assert.ok(similar > 0 || none === 1, 'similar published obstacles are listed, or their absence said');
      await noAxeViolation(page, 'the preview');
      await page.screenshot({ path: path.join(OUT, `obstacle-preview-${c.name}.png`), fullPage: true });

      await press(page, 'button[value="edit"]');
      assert.equal(await page.locator('#what').inputValue(), WHAT, 'Ändra keeps the text');
      assert.equal(await page.locator('input[name="category"][value="lead_times"]').isChecked(), true, '…the category');
      assert.equal(await page.locator('#email').inputValue(), 'jag@example.org', '…and the address');
      await press(page, 'form[action="/hinder"] button[value="preview"]');
      await press(page, 'button[value="send"]');
      assert.match(page.url(), /\/hinder\/folj\?t=[0-9a-f]{64}&ny=1$/, 'sent from the preview');
      await noAxeViolation(page, 'the follow-up page with the reporter\'s forms');
      await page.screenshot({ path: path.join(OUT, `obstacle-preview-follow-${c.name}.png`), fullPage: true });

      await page.locator('form[action="/hinder/folj/andra"] #what').fill('Registeruttaget dröjde ett år.');
      await press(page, 'form[action="/hinder/folj/andra"] button[type="submit"]');
      assert.match(page.url(), /klar=andrad$/);
      assert.match(await page.locator('main').innerText(), /Registeruttaget dröjde ett år\./);
      await page.locator('form[action="/hinder/folj/aterkalla"] input[name="confirm"]').check();
      await press(page, 'form[action="/hinder/folj/aterkalla"] button[type="submit"]');
      assert.match(page.url(), /klar=aterkallad$/);
      assert.equal(await page.locator('form[action="/hinder/folj/andra"]').count(), 0, 'no more forms once withdrawn');
      await noAxeViolation(page, 'the withdrawn report');
      assert.deepEqual(problems, [], 'no console errors or failed requests');
    });
  });
}

test('preview and send with JavaScript disabled', T, async () => {
  await withPage({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false }, async ({ page }) => {
    await visit(page, '/hinder/ny');
    await page.locator('#what').fill('Utan JavaScript: förhandsgranskat\noch på två rader.');
    await page.locator('input[name="category"][value="technical"]').check();
    await press(page, 'form[action="/hinder"] button[value="preview"]');
    assert.match(await page.locator('#preview-what').innerText(), /förhandsgranskat\s+och på två rader/);
    await press(page, 'button[value="send"]');
    assert.match(page.url(), /\/hinder\/folj\?t=[0-9a-f]{64}&ny=1$/, 'sent from the preview');
    assert.match(await page.locator('main').innerText(), /förhandsgranskat\s+och på två rader/, 'both lines arrived');
  });
});
