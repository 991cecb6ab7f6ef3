// open_data.test.mjs — the open data page (/oppna-data) and the comparison
// of data holders (/jamfor, with the installation's own feed fetched by
// run.sh) in a real browser, anonymous: axe-core (WCAG 2.1 A/AA) finds
// nothing, on a phone in Swedish and a desktop in English, nothing is wider
// than the window, and the links to the data sets answer. The HTTP side:
// tests/e2e/t_open_data.sh and t_holder_feeds.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, axe, formatViolations, OUT, sharedBrowser, VIEWPORTS, url,
} from './lib.mjs';

const T = { timeout: 120_000 };
const CASES = [
  { name: 'phone-sv', viewport: VIEWPORTS.phone, locale: 'sv-SE', open: 'Öppna data', compare: 'Jämför datahållare' },
  { name: 'desktop-en', viewport: VIEWPORTS.desktop, locale: 'en-GB', open: 'Open data', compare: 'Compare data holders' },
];

const { withPage } = sharedBrowser();

async function noWiderThanWindow(page, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `${what} is ${wide} px wider than the window`);
}

for (const c of CASES) {
  test(`open data and the holder comparison (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page, problems }) => {
      await visit(page, '/oppna-data');
      assert.equal(await page.locator('h1').innerText(), c.open);
      let r = await axe(page);
      assert.equal(r.violations.length, 0, formatViolations('/oppna-data', r.violations));
      await noWiderThanWindow(page, '/oppna-data');
      await page.screenshot({ path: path.join(OUT, `open-data-${c.name}.png`), fullPage: true });
      const hrefs = await page.locator('main .datasets a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.equal(hrefs.length, 6, 'six files are linked');
      for (const h of hrefs) {
        const res = await page.request.get(url(h));
        assert.equal(res.status(), 200, `${h} answers`);
      }

      await visit(page, '/jamfor');
      assert.equal(await page.locator('h1').innerText(), c.compare);
      assert.ok(await page.locator('main table tbody tr').count() > 0, 'a holder is compared');
      r = await axe(page);
      assert.equal(r.violations.length, 0, formatViolations('/jamfor', r.violations));
      await noWiderThanWindow(page, '/jamfor');
      await page.screenshot({ path: path.join(OUT, `holder-compare-${c.name}.png`), fullPage: true });
      assert.deepEqual(problems, [], 'no console errors or failed requests');
    });
  });
}
