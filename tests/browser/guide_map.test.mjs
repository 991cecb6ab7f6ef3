// guide_map.test.mjs — the knowledge guide's overview /guide/map in a real
// browser: axe-core (WCAG 2.1 A/AA) finds nothing on a desktop and a phone
// viewport, in Swedish and English; nothing is wider than the phone; the
// keyboard reaches a square of the tile map, shows it focused and Enter
// follows its link to the region's page, which lists what the region holds;
// the path's request-form button works by keyboard too, and the map's
// links work with JavaScript disabled. Screenshots: out/guide-map-*.png.
// The HTTP side: tests/e2e/t_guide_map.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, axe, formatViolations, tabTo, OUT, sharedBrowser, VIEWPORTS, LOCALES,
} from './lib.mjs';

const T = { timeout: 120_000 };

const { withPage } = sharedBrowser();

for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
  for (const [lang, locale] of Object.entries(LOCALES)) {
    test(`/guide/map on a ${vpName} in ${lang}: no axe violation, fits, 21 squares`, T, async () => {
      await withPage({ viewport, locale }, async ({ page, problems }) => {
        await visit(page, '/guide/map');
        assert.equal(await page.locator('svg.tilemap-svg a.tile').count(), 21, 'one square per region');
        assert.equal(await page.locator('.tilemap-list a').count(), 21, 'the list beside it');
        // Each square's accessible name is its <title>, the region's whole name.
        const name = lang === 'sv' ? 'Region Jönköpings län' : 'Region Jönköping County';
        assert.equal(await page.locator('svg.tilemap-svg').getByRole('link', { name, exact: true }).count(), 1, name);
        const r = await axe(page);
        assert.equal(r.violations.length, 0, formatViolations(`/guide/map (${vpName}, ${lang})`, r.violations));
        const w = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(w <= viewport.width, `the page is ${w} px wide in a ${viewport.width} px viewport`);
        // The map fits its column and every square is on screen horizontally.
        const box = await page.locator('svg.tilemap-svg').boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `the map is inside the viewport: ${JSON.stringify(box)}`);
        await page.screenshot({ path: path.join(OUT, `guide-map-${vpName}-${lang}.png`), fullPage: true });
        assert.deepEqual(problems, []);
      });
    });
  }
}

test('Tab reaches a square, it is visibly focused, Enter opens the region with its holdings', T, async () => {
  await withPage({ viewport: VIEWPORTS.phone }, async ({ page, problems }) => {
    await visit(page, '/guide/map');
    await tabTo(page, 'a.tile');
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      const rect = a.querySelector('rect');
      return { href: a.getAttribute('href'), name: a.querySelector('title').textContent, fill: getComputedStyle(rect).fill,
        stroke: getComputedStyle(rect).strokeWidth };
    });
    // The first square in reading order is the northernmost.
    assert.equal(focused.href, '/guide/region-norrbotten');
    assert.equal(focused.name, 'Region Norrbotten');
    assert.equal(focused.fill, 'rgb(242, 169, 0)', 'a focused square turns yellow');
    assert.equal(focused.stroke, '4px', '…with a thick frame');
    await page.locator('a.tile').first().screenshot({ path: path.join(OUT, 'guide-map-focus.png') });
    // The next Tab goes to the next square south.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), '/guide/region-vasterbotten');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    assert.match(page.url(), /\/guide\/region-vasterbotten$/);
    assert.equal((await page.locator('h1').innerText()).trim(), 'Region Västerbotten');
    const held = page.locator('section.holdings li a');
    assert.ok(await held.count() >= 1, 'the region page lists what it holds');
    const r = await axe(page);
    assert.equal(r.violations.length, 0, formatViolations('/guide/region-vasterbotten', r.violations));
    assert.deepEqual(problems, []);
  });
});

test('the path\'s "Ansök om data" works by keyboard (to sign-in, then the form)', T, async () => {
  await withPage({ viewport: VIEWPORTS.desktop }, async ({ page, problems }) => {
    await visit(page, '/guide/map');
    await tabTo(page, 'ol.data-path a.button', 80);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    assert.match(page.url(), /\/login\?next=%2Fcases%2Fnew$/);
    assert.deepEqual(problems, []);
  });
});

test('without JavaScript a square and a step of the path are plain links', T, async () => {
  await withPage({ viewport: VIEWPORTS.desktop, javaScriptEnabled: false }, async ({ page }) => {
    await visit(page, '/guide/map');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('a.tile[href="/guide/region-skane"]').click()]);
    assert.match(page.url(), /\/guide\/region-skane$/);
    await visit(page, '/guide/map');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('ol.data-path a[href="/guide/guide-etikprovning"]').click()]);
    assert.match(page.url(), /\/guide\/guide-etikprovning$/);
  });
});
