// samrad.test.mjs — the samråd's pages in a real browser: the coordinator
// plans two meetings through the forms (tests/e2e/samrad_ready.sh first
// brings three cases to the samråd over HTTP): the first gets its attendees,
// two cases, the samråd's assessments of one and is held, so its minutes are
// registered; the second is left planned with its attendees and the tabled
// case on its agenda. Then the meeting list, both meetings' pages and the
// minutes are looked at on a desktop (1280 × 800) and a phone (390 × 844)
// viewport, in Swedish and English, with JavaScript on and off: axe-core
// (WCAG 2.1 A/AA) finds nothing, nothing is wider than the viewport, dates
// and diary numbers stay on one line, and no raw key stands where a name
// belongs. Screenshots: tests/browser/out/samrad-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  visit, signIn, axe, formatViolations, BASE, OUT, sharedBrowser, VIEWPORTS,
} from './lib.mjs';

const T = { timeout: 180_000 };
const here = path.dirname(fileURLToPath(import.meta.url));
const LANGS = { sv: 'sv-SE', en: 'en-GB' };

let world; // what the setup made: meeting ids, case numbers
const { withPage } = sharedBrowser();

async function go(page, locator) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  return res;
}

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const field = (scope, label) => scope.getByLabel(new RegExp(`^\\s*${esc(label)}( \\*)?\\s*$`));

// The coordinator's meetings, made through the pages.
async function setUp() {
  world ??= (async () => {
    const { stdout } = await promisify(execFile)('bash', [path.join(here, '../e2e/samrad_ready.sh'), BASE], { timeout: 120_000 });
    const id = (what) => (stdout.match(new RegExp(`^${what} (\\d+)$`, 'm')) || [])[1];
    const reviewed = id('reviewed'), unreviewed = id('unreviewed');
    assert.ok(reviewed && unreviewed, `samrad_ready.sh made its cases: ${stdout.slice(-300)}`);
    return withPage({}, async ({ page }) => {
      await signIn(page, 'samordnare');
      const plan = async (place) => {
        await visit(page, '/samrad');
        await field(page, 'Plats').fill(place);
        await go(page, page.getByRole('button', { name: 'Planera mötet' }));
        assert.match(page.url(), /\/samrad\/\d+$/, `a meeting is planned (now at ${page.url()})`);
        const mid = page.url().match(/(\d+)$/)[1];
        for (const [name, comp] of [['Sam Ordnare', 'Samordnare och kansli'], ['Vera Vetenskap', 'Vetenskaplig kompetens'],
          ['Pia Patientsäker-Lindqvist', 'Patientsäkerhetskompetens'], ['Lars Jurist', 'Juridisk kompetens (vid behov)']]) {
          await field(page, 'Namn').fill(name);
          await field(page, 'Kompetens').selectOption({ label: comp });
          await go(page, page.getByRole('button', { name: 'Lägg till deltagare' }));
        }
        return mid;
      };
      const onAgenda = async (caseId) => {
        await field(page, 'Ärenden som väntar på samråd').selectOption(String(caseId));
        await go(page, page.getByRole('button', { name: 'Sätt upp på dagordningen' }));
      };
      const held = await plan('Sal Tallen, Regionhuset');
      await onAgenda(reviewed);
      await onAgenda(unreviewed);
      const item = page.locator(`section.agenda-item:has(a[href="/cases/${reviewed}"])`);
      await item.locator('summary').click();
      await field(item, 'Vetenskaplig frågeställning').fill('Frågeställningen är tydlig och angelägen.');
      await field(item, 'Genomförbarhet').fill('Uttaget är genomförbart ur journalsystemet.');
      await field(item, 'Överensstämmelse med etikgodkännandet').fill('Stämmer med Etikprövningsmyndighetens beslut.');
      await item.getByLabel('Utlämnande', { exact: true }).check();
      await field(item, 'Villkor').fill('Endast pseudonymiserade uppgifter.');
      await go(page, item.getByRole('button', { name: 'Spara bedömningen' }));
      await go(page, page.getByRole('button', { name: 'Håll mötet och diarieför protokollet' }));
      assert.match(await page.locator('main').innerText(), /Hållet/, 'the first meeting is held');
      const planned = await plan('Sal Björken');
      await onAgenda(unreviewed);
      return { held, planned, reviewed, unreviewed };
    });
  })();
  return world;
}

const PAGES = [
  { name: 'list', path: () => '/samrad', h1: { sv: 'Samråd', en: /samr[åa]d/i } },
  { name: 'meeting', path: (w) => `/samrad/${w.planned}`, h1: { sv: 'Samrådsmöte', en: /meeting/i } },
  { name: 'held', path: (w) => `/samrad/${w.held}`, h1: { sv: 'Samrådsmöte', en: /meeting/i } },
  { name: 'minutes', path: (w) => `/samrad/${w.held}/minutes`, h1: { sv: 'Protokoll från samrådsmöte', en: /Minutes/ } },
];

// Dates, diary numbers and counts that break over lines: the text of each
// such cell or element laid out on more than one line.
async function wrapped(page) {
  return page.evaluate(() => {
    const out = [];
    const short = /^(\d{4}-\d{2}-\d{2}|\d+|[A-ZÅÄÖ]{1,4} \d{4}-\d+)$/;
    for (const el of document.querySelectorAll('main td, main dd, main h3 > a, main .date, main .doc-field-value, main a')) {
      const t = el.textContent.trim();
      if (!short.test(t)) continue;
      // The lines its text (not its boxes) is laid out on.
      const rects = [];
      const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(n);
        rects.push(...[...range.getClientRects()].filter((r) => r.width > 0));
      }
      const tops = rects.map((r) => r.top);
      const lines = rects.length ? 1 + tops.filter((top) => top > Math.min(...tops) + rects[0].height / 2).length : 0;
      if (lines > 1) out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} "${t}" on ${lines} lines`);
    }
    return out;
  });
}

for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
  for (const [lang, locale] of Object.entries(LANGS)) {
    for (const js of [true, false]) {
      const run = `${vpName}-${lang}-${js ? 'js' : 'nojs'}`;
      test(`samråd pages: ${run}`, T, async () => {
        const w = await setUp();
        await withPage({ viewport, locale, javaScriptEnabled: js }, async ({ page, problems }) => {
          await signIn(page, 'samordnare');
          for (const p of PAGES) {
            const where = `${p.name} (${run})`;
            await visit(page, p.path(w));
            await page.screenshot({ path: path.join(OUT, `samrad-${p.name}-${run}.png`), fullPage: true });
            assert.equal(await page.locator('html').getAttribute('lang'), lang, `${where}: html lang`);
            const h1 = await page.locator('main h1').first().innerText();
            if (typeof p.h1[lang] === 'string') assert.ok(h1.startsWith(p.h1[lang]), `${where}: h1 "${h1}"`);
            else assert.match(h1, p.h1[lang], `${where}: h1`);
            const text = await page.locator('main').innerText();
            assert.doesNotMatch(text, /\b(patient_safety|data_extraction|awaiting_samrad|awaiting_decision|confidentiality_review)\b/, `${where}: no raw key`);
            if (p.name === 'meeting') {
              assert.match(text, /Pia Patientsäker-Lindqvist/, `${where}: the attendees`);
              assert.equal(await page.locator(`main a[href="/cases/${w.unreviewed}"]`).count(), 1, `${where}: the agenda`);
              assert.equal(await page.locator(`form[action="/samrad/${w.planned}/agenda/${w.unreviewed}/remove"] button`).count(), 1,
                `${where}: the case can be taken off the agenda`);
            }
            if (p.name === 'minutes') assert.match(text, lang === 'sv' ? /bordlagt/ : /tabled/, `${where}: the tabled case`);
            // axe reads the page as served; with JavaScript off the page
            // cannot run it, so it runs on the same HTML in a page that can.
            let r;
            if (js) r = await axe(page);
            else {
              const html = await page.content();
              r = await withPage({ viewport, locale }, async ({ page: twin }) => {
                await twin.route('**/*', (route) => (route.request().url() === `${BASE}/__twin`
                  ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
                  : route.continue()));
                await twin.goto(`${BASE}/__twin`);
                return axe(twin);
              });
            }
            assert.equal(r.violations.length, 0, formatViolations(where, r.violations));
            const width = await page.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(width <= viewport.width, `${where}: the page is ${width} px wide in a ${viewport.width} px viewport`);
            assert.deepEqual(await wrapped(page), [], `${where}: dates and numbers on one line`);
          }
          assert.deepEqual(problems, [], `no console errors or failed requests (${run})`);
        });
      });
    }
  }
}
