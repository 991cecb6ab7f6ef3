// dictionary.test.mjs — the public data dictionary (/data/ordlista) in a
// real browser, signed out: axe-core (WCAG 2.1 A/AA) finds nothing on a
// phone and a desktop in Swedish and English, nothing is wider than the
// window, each variable's row is headed by its name (the key beside it),
// and a sensitivity class is told by a mark and a word, not colour alone.
// The filters are a plain GET form, so they are tried with JavaScript
// disabled: words, sensitivity and table, each alone and together, the
// choices kept, a search with no hit, and "Visa alla" back.
// Screenshots: out/dictionary-*.png. The HTTP side: tests/e2e/t_dictionary.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, axe, formatViolations, OUT, sharedBrowser, VIEWPORTS, LOCALES,
} from './lib.mjs';

const T = { timeout: 120_000 };
const { withPage } = sharedBrowser();

for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
  for (const [lang, locale] of Object.entries(LOCALES)) {
    test(`the data dictionary looks right (${vpName}, ${lang})`, T, async () => {
      await withPage({ viewport, locale }, async ({ page, problems }) => {
        await visit(page, '/data/ordlista?org=RH');
        const r = await axe(page);
        assert.equal(r.violations.length, 0, formatViolations('/data/ordlista', r.violations));
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(wide <= 0, `the page is ${wide} px wider than the window`);
        const rows = page.locator('table.dictionary tbody tr');
        assert.ok(await rows.count() >= 20, 'the variables are listed');
        for (const row of await rows.all()) {
          const name = (await row.locator('th[scope="row"]').innerText()).trim();
          const key = (await row.locator('td.key code').innerText()).trim();
          assert.match(name, /\p{L}{2,}/u, `${key} is headed by a name`);
          assert.notEqual(name, key, `${key}: the name is not the key`);
          const sens = row.locator('.sens');
          assert.match(await sens.locator('.sens-mark').innerText(), /\S/, `${key}: its sensitivity has a mark`);
          assert.match(await sens.innerText(), /\p{L}{4,}/u, `${key}: and a word`);
        }
        // On a desktop no name, key or sensitivity is broken inside a word.
        if (vpName === 'desktop') {
          const broken = await page.evaluate(() => {
            const out = [];
            for (const el of document.querySelectorAll('table.dictionary th.name, table.dictionary td.key code, table.dictionary .sens')) {
              const text = el.lastChild;
              if (!text || text.nodeType !== Node.TEXT_NODE) continue;
              for (const m of text.textContent.matchAll(/\S+/g)) {
                const range = document.createRange();
                range.setStart(text, m.index);
                range.setEnd(text, m.index + m[0].length);
                if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) out.push(m[0]);
              }
            }
            return out;
          });
          assert.deepEqual(broken, [], 'no word is broken over two lines');
        }
        await page.screenshot({ path: path.join(OUT, `dictionary-${vpName}-${lang}.png`), fullPage: true });
        assert.deepEqual(problems, [], 'no console errors or failed requests');
      });
    });
  }
}

test('the filters work without JavaScript', T, async () => {
  await withPage({ viewport: VIEWPORTS.phone, javaScriptEnabled: false }, async ({ page }) => {
    const filter = () => Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.getByRole('button', { name: 'Filtrera', exact: true }).click()]);
    const keys = () => page.locator('table.dictionary td.key code').allInnerTexts();
    const status = () => page.getByRole('status').innerText();
    await visit(page, '/data/ordlista?org=RH');
    const all = await keys();
    assert.match(await status(), new RegExp(`Visar ${all.length} av ${all.length} variabler`));

    await page.getByLabel('Sök på ord').fill('npu');
    await filter();
    assert.deepEqual(await keys(), ['lab_result.npu_code'], 'a word finds its variable');
    assert.equal(await page.getByLabel('Sök på ord').inputValue(), 'npu', 'the word stays in the box');
    assert.match(await status(), new RegExp(`Visar 1 av ${all.length} variabler`));

    await page.getByLabel('Sök på ord').fill('');
    await page.getByLabel('Känslighet').selectOption('direct_identifier');
    await filter();
    assert.deepEqual(await keys(), ['patient.personnummer'], 'a sensitivity class');
    assert.equal(await page.getByLabel('Känslighet').inputValue(), 'direct_identifier', 'the choice is kept');

    await page.getByLabel('Känslighet').selectOption('');
    await page.getByLabel('Tabell').selectOption('prescription');
    await filter();
    const presc = await keys();
    assert.ok(presc.length >= 3 && presc.every((k) => k.startsWith('prescription.')), `a table: ${presc.join(' ')}`);
    assert.equal(await page.locator('main h2').count(), 1, 'one table shown');

    await page.getByLabel('Känslighet').selectOption('health');
    await filter();
    const both = await keys();
    assert.ok(both.length >= 1 && both.length < presc.length, 'table and sensitivity together narrow it');

    await page.getByLabel('Tabell').selectOption('');
    await page.getByLabel('Känslighet').selectOption('');
    await page.getByLabel('Sök på ord').fill('finnsinte');
    await filter();
    assert.equal(await keys().then((k) => k.length), 0, 'no hit');
    assert.match(await page.locator('main').innerText(), /Inga variabler passar filtret/);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('main').getByRole('link', { name: 'Visa alla' }).first().click()]);
    assert.deepEqual(await keys(), all, '"Visa alla" shows them all again');
    await page.screenshot({ path: path.join(OUT, 'dictionary-filtered-phone-nojs.png'), fullPage: true });
  });
});
