// network.test.mjs — the network of support functions in a real browser
// (issue 15 item 1): the member list and a member's page, the calendar and
// an event, registration for an event, the news and a post, and the
// network coordinator's forms for a new event and to change one, an
// event's registrations, and a member's change page with its contact people
// (one added through the form): axe-core (WCAG 2.1 A/AA)
// finds nothing and nothing is wider than the window, on a phone in
// Swedish and a desktop in English (assertSound). The HTTP side:
// tests/e2e/t_network.sh, t_network_contacts.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, signIn, OUT, sharedBrowser, PHONE_SV_DESKTOP_EN, assertSound,
} from './lib.mjs';

const T = { timeout: 180_000 };
const { withPage } = sharedBrowser();

for (const c of PHONE_SV_DESKTOP_EN) {
  test(`the network's public pages (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page, problems }) => {
      await visit(page, '/natverk');
      assert.ok(await page.locator('table tbody tr').count() >= 4, 'members are listed');
      await assertSound(page, '/natverk');
      await page.screenshot({ path: path.join(OUT, `network-${c.name}.png`), fullPage: true });
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('table tbody tr a').first().click()]);
      assert.match(page.url(), /\/natverk\/[0-9]+$/);
      await assertSound(page, page.url());

      await visit(page, '/kalender');
      assert.ok(await page.locator('table tbody tr').count() > 0, 'events are listed');
      await assertSound(page, '/kalender');
      await page.screenshot({ path: path.join(OUT, `calendar-${c.name}.png`), fullPage: true });
      await visit(page, '/kalender?tid=alla');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('table tbody tr a', { hasText: /Nätverksmöte: gemensamma/ }).first().click()]);
      await assertSound(page, page.url());
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('a[href$="/anmalan"]').click()]);
      await assertSound(page, page.url());
      await page.locator('#namn').fill('Test Testsson');
      await page.locator('#epost').fill(`test-${c.name}@example.se`);
      await page.locator('#organisation').fill('Testuniversitetet');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('#anmalan button').click()]);
      assert.equal(await page.locator('#anmald').count(), 1, 'registered');
      await assertSound(page, 'the registration confirmed');

      await visit(page, '/nyheter');
      await assertSound(page, '/nyheter');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('ul.news a[href^="/nyheter/"]').first().click()]);
      await assertSound(page, page.url());
      assert.deepEqual(problems, [], 'no console errors or failed requests');
    });
  });

  test(`the coordinator's form for a new event (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page }) => {
      await signIn(page, 'natverk');
      await visit(page, '/kalender/ny');
      await assertSound(page, '/kalender/ny');
      await page.screenshot({ path: path.join(OUT, `calendar-new-${c.name}.png`), fullPage: true });
      // an event's form to change it, and its registrations
      await visit(page, '/kalender?tid=alla');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('table tbody tr a', { hasText: /Nätverksmöte: gemensamma/ }).first().click()]);
      const event = page.url();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('a[href$="/andra"]').click()]);
      assert.equal(await page.locator('#ta-bort button').count(), 1, 'the form offers removal');
      await assertSound(page, `${event}/andra`);
      await page.screenshot({ path: path.join(OUT, `calendar-edit-${c.name}.png`), fullPage: true });
      await visit(page, `${new URL(event).pathname}/anmalningar`);
      assert.ok(await page.locator('table tbody tr').count() >= 1, 'the registrations are listed');
      await assertSound(page, `${event}/anmalningar`);
      await page.screenshot({ path: path.join(OUT, `registrations-${c.name}.png`), fullPage: true });
    });
  });

  test(`a member's change page with its contact people (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page, problems }) => {
      await signIn(page, 'natverk');
      await visit(page, '/natverk');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
        page.locator('table tbody tr a').first().click()]);
      const member = new URL(page.url()).pathname;
      await visit(page, `${member}/andra`);
      await page.locator('#ny-namn').fill('Sara Statistik');
      await page.locator('#ny-epost').fill(`sara-${c.name}@example.se`);
      await page.locator('#ny-roll').fill('statistiker');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('#kontakt-form button').click()]);
      assert.match(page.url(), /\/andra#kontakter$/);
      assert.ok(await page.locator('section.contact').count() >= 2, 'the contact people are listed');
      assert.ok(await page.locator('form[action*="/kontakter/"][action$="/ta-bort"] button').count() >= 2,
        'each can be removed');
      await assertSound(page, `${member}/andra with contact people`);
      await page.screenshot({ path: path.join(OUT, `network-contacts-${c.name}.png`), fullPage: true });
      assert.deepEqual(problems, [], 'no console errors or failed requests');
    });
  });
}
