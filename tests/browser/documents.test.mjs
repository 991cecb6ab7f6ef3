// documents.test.mjs — the case's documents and the case page as a person
// sees them, on the demo cases run.sh seeds (`datalots demo cases`): the
// decision letter approving and refusing (with its appeal instructions), in
// Swedish and English; the acknowledgement, the completion request, the
// assignment and a unit's answer; the case page of a Process 2 case with its
// units' answers, documents and history. Each on a desktop and a phone
// viewport with axe-core (WCAG 2.1 A/AA), and again with JavaScript disabled.
// What was wrong before and is asserted here: the phone's page widened by a
// long age key; dates and diary numbers broken over two lines ("RH" / "2024-
// 00031", "2026-08-" / "19"); the letter's head splitting the case title at
// its year range; units' names and answers broken mid-word; English letters
// with Swedish labels; a unit's answer that did not say what it answered.
// Screenshots: tests/browser/out/doc-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, signIn, axe, formatViolations, OUT, sharedBrowser,
} from './lib.mjs';

const T = { timeout: 180_000 };
const RUNS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, js: true },
  { name: 'phone', viewport: { width: 390, height: 844 }, js: true, mobile: true },
  { name: 'nojs', viewport: { width: 390, height: 844 }, js: false, mobile: true },
];

const { withPage } = sharedBrowser();
const optsOf = (run, locale = 'sv-SE') => ({
  viewport: run.viewport, javaScriptEnabled: run.js, locale, ...(run.mobile && { isMobile: true, hasTouch: true }),
});
const mainText = async (page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

// What every page must be: no axe violation (when scripts may run), nothing
// wider than the viewport, every kept span on one line, and a screenshot.
async function checkPage(page, run, name) {
  const where = `${name} (${run.name}; ${page.url()})`;
  if (run.js) {
    const r = await axe(page);
    assert.equal(r.violations.length, 0, formatViolations(where, r.violations));
  }
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= run.viewport.width, `${where}: the page is ${w} px wide in a ${run.viewport.width} px viewport`);
  const broken = await page.locator('.doc .nowrap, .timeline .date').evaluateAll(
    (els) => els.filter((e) => e.getClientRects().length > 1).map((e) => e.textContent));
  assert.deepEqual(broken, [], `${where}: dates and diary numbers on one line each`);
  await page.screenshot({ path: path.join(OUT, `doc-${name}-${run.name}.png`), fullPage: true });
}

// --- finding the documents among the seeded cases -----------------------------

const found = {};

async function caseLinks(page, state) {
  await visit(page, `/cases?state=${state}`);
  return page.getByRole('region', { name: 'Ärenden att handlägga' }).locator('tbody tr td.num a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
}

// The "Visa" link of the case page's document whose label is `label`.
async function docLink(page, label) {
  const li = page.locator('section[aria-labelledby="docs-h"] li', { has: page.locator('strong', { hasText: label }) });
  if (await li.count() === 0) return null;
  return li.last().getByRole('link', { name: 'Visa', exact: true }).getAttribute('href');
}

test('documents: the seeded cases hold every kind of letter', T, () => withPage({}, async ({ page }) => {
  await signIn(page, 'samordnare');
  for (const href of await caseLinks(page, 'refused')) {
    await visit(page, href);
    const t = await mainText(page);
    if (!found.refusal && /Process Process 1/.test(t)) found.refusal = await docLink(page, 'Beslut om utlämnande');
    if (!found.refusedCase) found.refusedCase = href;
  }
  for (const href of await caseLinks(page, 'all')) {
    if (found.approval && found.completion && found.p2case && found.unitAnswer && found.ageKey) break;
    await visit(page, href);
    const t = await mainText(page);
    if (!found.approval && /Läge Levererad/.test(t) && !/Beviljad delvis/.test(t)) found.approval = await docLink(page, 'Beslut om utlämnande');
    if (!found.completion) found.completion = await docLink(page, 'Begäran om komplettering');
    if (!found.ack) found.ack = await docLink(page, 'Mottagningsbekräftelse');
    if (!found.unitAnswer) found.unitAnswer = await docLink(page, 'Enhetens svar');
    if (!found.p2case && await page.locator('section[aria-labelledby="units-h"]').count() > 0) found.p2case = href;
    if (!found.ageKey && /age1[0-9a-z]{50,}/.test(t)) found.ageKey = href;
  }
  for (const href of await caseLinks(page, 'extracting')) {
    await visit(page, href);
    found.assignment = await docLink(page, 'Uppdrag att ta ut data');
    if (found.assignment) break;
  }
  for (const k of ['refusal', 'refusedCase', 'approval', 'completion', 'ack', 'unitAnswer', 'p2case', 'ageKey', 'assignment']) {
    assert.ok(found[k], `the demo cases have a ${k} (found: ${JSON.stringify(found)})`);
  }
}));

// --- the letters -------------------------------------------------------------

// Swedish words that must not be left on an English letter's page.
const SWEDISH = ['Diarienummer', 'Handling nr', 'Mottagare', 'Avsändare', 'Datum', 'Ärende', 'Hur man överklagar',
  'Beslut om utlämnande', 'Skäl', 'Villkor', 'Dnr'];

async function openLetter(page, run, href, lang, name) {
  await visit(page, `${href}?lang=${lang}`);
  const article = page.locator('main article.doc');
  assert.equal(await article.count(), 1, `${name}: the letter is in the page`);
  assert.equal(await article.getAttribute('lang'), lang, `${name}: the letter says its language`);
  assert.equal(await page.locator('main h1').count(), 1, `${name}: one <h1>, the letter's title`);
  // The fields of the head: each value one block, a kept span inside it inline.
  const displays = await page.locator('dl.doc-fields dd .nowrap').evaluateAll((els) => els.map((e) => getComputedStyle(e).display));
  assert.ok(displays.every((d) => d === 'inline'), `${name}: a date or number in the head is part of its line (${displays})`);
  // The links around the letter are in the page's language; the PDF is the letter's.
  const pdf = page.locator(`.doc-actions a[href$="/pdf?lang=${lang}"]`);
  assert.equal(await pdf.count(), 1, `${name}: a link to the PDF in the letter's language`);
  const alt = page.locator(`.doc-actions a[hreflang="${lang === 'en' ? 'sv' : 'en'}"]`);
  assert.equal(await alt.count(), 1, `${name}: a link to the letter in the other language`);
  if (lang === 'en') {
    // The letter's own words, not the applicant's or the case's (titles, reasons are as written).
    const own = await page.locator('dl.doc-fields dt, .doc h1, .doc h2, .doc-signature p:not(.doc-signer), .doc-foot')
      .allInnerTexts();
    for (const w of SWEDISH) assert.ok(!own.some((t) => t.includes(w)), `${name}: no Swedish "${w}" on the English letter: ${own.join(' | ')}`);
  }
  await checkPage(page, run, `${name}-${lang}`);
  return mainText(page);
}

for (const run of RUNS) {
  test(`documents: the decision letters, refusing with the appeal and approving without (${run.name})`, T, async (t) => {
    if (!found.refusal) { t.skip('no refusal found'); return; }
    for (const lang of ['sv', 'en']) {
      await withPage(optsOf(run), async ({ page, problems }) => {
        await signIn(page, 'sokande'); // the applicant reads the letters addressed to them
        let text = await openLetter(page, run, found.refusal, lang, 'refusal');
        const notice = page.locator('aside.doc-notice');
        assert.equal(await notice.count(), 1, 'a refusal has its appeal instructions');
        assert.equal((await notice.locator('h2').innerText()).trim(), lang === 'en' ? 'How to appeal' : 'Hur man överklagar');
        const appeal = (await notice.innerText()).replace(/\s+/g, ' ');
        assert.match(appeal, lang === 'en' ? /Administrative Court of Appeal/ : /kammarrätten/, 'the court');
        assert.match(appeal, lang === 'en' ? /three weeks/ : /tre veckor/, 'the time to appeal');
        const number = (text.match(/RH \d{4}-\d{5}/) || [])[0];
        assert.ok(number, 'the letter names the case');
        assert.ok(await notice.locator('.nowrap', { hasText: number }).count() >= 1, `the appeal's ${number} is kept whole`);
        assert.match(text, lang === 'en' ? /Outcome: refused\./ : /Utfall: avslag\./);

        text = await openLetter(page, run, found.approval, lang, 'approval');
        assert.equal(await page.locator('aside.doc-notice').count(), 0, 'an approval in whole has no appeal notice');
        assert.match(text, lang === 'en' ? /Outcome: approved\./ : /Utfall: bifall\./);
        if (run.js) assert.deepEqual(problems, [], problems.join('\n'));
      });
    }
  });

  test(`documents: acknowledgement, completion request, assignment, a unit's answer (${run.name})`, T, async (t) => {
    if (!found.ack) { t.skip('nothing found'); return; }
    await withPage(optsOf(run), async ({ page, problems }) => {
      await signIn(page, 'samordnare');
      let text = await openLetter(page, run, found.ack, 'sv', 'acknowledgement');
      assert.match(text, /Mottagningsbekräftelse/);
      assert.match(text, /Mottagare/, 'an outgoing letter has a recipient');
      text = await openLetter(page, run, found.completion, 'sv', 'completion');
      assert.match(text, /Det här saknas/);
      text = await openLetter(page, run, found.assignment, 'en', 'assignment');
      assert.match(text, /Assignment to extract data/);
      text = await openLetter(page, run, found.unitAnswer, 'sv', 'unit-answer');
      assert.match(text, /Avsändare/, 'an incoming document names its sender');
      assert.match(text, /(medger|nekar) utlämnande av uppgifter från enheten\./, `the unit's answer says what it answered: ${text.slice(0, 600)}`);
      text = await openLetter(page, run, found.unitAnswer, 'en', 'unit-answer');
      assert.match(text, /(accepts|refuses) the release of data from the unit\./);
      if (run.js) assert.deepEqual(problems, [], problems.join('\n'));
    });
  });

  test(`case page: a Process 2 case with units, documents and history; a long age key (${run.name})`, T, async (t) => {
    if (!found.p2case) { t.skip('nothing found'); return; }
    for (const locale of ['sv-SE', 'en-GB']) {
      await withPage(optsOf(run, locale), async ({ page, problems }) => {
        const en = locale === 'en-GB';
        await signIn(page, 'samordnare');
        await visit(page, found.p2case);
        const units = page.locator('table.units');
        assert.equal(await units.count(), 1, 'the units table');
        const heads = (await units.locator('thead th').allInnerTexts()).map((s) => s.trim());
        assert.deepEqual(heads, en ? ['Unit', 'Answer', 'Reason'] : ['Enhet', 'Svar', 'Skäl'],
          'no "Svara" column for whom may answer for no unit');
        for (const cell of await units.locator('tbody tr').all()) {
          const tds = cell.locator('td');
          assert.ok((await tds.nth(2).innerText()).trim().length > 0, 'a reason or –');
        }
        // Names and answers break between words only: each word of a cell is on one line.
        const split = await units.locator('td').evaluateAll((tds) => tds.flatMap((td) => {
          const out = [];
          const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const re = /\S+/g;
            for (let m = re.exec(n.data); m; m = re.exec(n.data)) {
              const r = document.createRange();
              r.setStart(n, m.index);
              r.setEnd(n, m.index + m[0].length);
              if (r.getClientRects().length > 1) out.push(m[0]);
            }
          }
          return out;
        }));
        assert.deepEqual(split, [], 'no word in the units table is broken over two lines');
        assert.ok(await page.locator('section[aria-labelledby="docs-h"] li').count() >= 4, 'the documents are listed');
        assert.ok(await page.locator('section[aria-labelledby="hist-h"] ol li').count() >= 4, 'the history is listed');
        const text = await mainText(page);
        if (en) for (const w of ['Handlingar', 'Händelser', 'Enheternas svar', 'Läge', 'Sökande', 'Inkommande', 'Utgående', 'Medger'])
          assert.ok(!text.includes(w), `no Swedish "${w}" on the English case page`);
        await checkPage(page, run, `case-p2-${en ? 'en' : 'sv'}`);

        await visit(page, found.ageKey);
        assert.match(await mainText(page), /age1[0-9a-z]{50,}/, 'the request shows its age key');
        await checkPage(page, run, `case-agekey-${en ? 'en' : 'sv'}`);
        await visit(page, found.refusedCase);
        await checkPage(page, run, `case-refused-${en ? 'en' : 'sv'}`);
        if (run.js) assert.deepEqual(problems, [], problems.join('\n'));
      });
    }
  });
}
