// extract.test.mjs — the extraction's pages in a real browser (issue 12).
// tests/e2e/process2.sh brings two Process 2 cases over HTTP, asking for
// dictionary variables: one to the director's approval with release terms
// (so it waits for its extraction), one to the decision (its approval with
// no variable ticked is refused, which leaves it waiting). Then:
// - the director's release terms: the request's variables are checkboxes
//   with their names; unticking two and approving records only the ticked
//   ones (the extraction page lists those and not the others);
// - the extraction page for Data och analys, before, during and after a run
//   (the source is read at 200 rows a second, run.sh, so a run lasts ~25 s):
//   without JavaScript it works by forms and the "Uppdatera" link (a run is
//   started, followed and cancelled); with JavaScript the numbers and the
//   <progress> bar move without a reload, and the page reloads itself at the
//   end to offer the delivery;
// - axe-core (WCAG 2.1 A/AA) finds nothing on the case page with the terms
//   and on the extraction page on a phone and a desktop in Swedish and
//   English, nothing is wider than the window, and no variable is shown by
//   its key alone. Screenshots: out/extract-*.png, out/decision-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  visit, signIn, axe, BASE, OUT, sharedBrowser, VIEWPORTS, LOCALES, assertSound,
} from './lib.mjs';

const T = { timeout: 240_000 };
const here = path.dirname(fileURLToPath(import.meta.url));
const { withPage } = sharedBrowser();

const ASKED = ['patient.sex', 'patient.birth_date', 'patient.personnummer', 'patient.municipality', 'diagnosis.icd10',
  'diagnosis.diagnosis_date', 'lab_result.sample_date', 'lab_result.npu_code', 'lab_result.value',
  'lab_result.value_unit', 'prescription.atc_code'];
const RELEASED = ['patient.sex', 'patient.birth_date', 'diagnosis.icd10', 'diagnosis.diagnosis_date',
  'lab_result.sample_date', 'lab_result.npu_code', 'lab_result.value', 'lab_result.value_unit'];

// Process 2 up to the director's approval, which is sent with `terms`.
async function process2(terms) {
  const env = {
    ...process.env, REQ_VARIABLES: ASKED.join(', '), REQ_ICD10: 'E11', P2_STOP_BEFORE_DELIVERY: '1', P2_APPROVE_EXTRA: terms,
  };
  try {
    const { stdout } = await promisify(execFile)('bash', [path.join(here, '../e2e/process2.sh'), BASE], { env, timeout: 180_000 });
    return { ok: true, out: stdout };
  } catch (err) {
    return { ok: false, out: `${err.stdout || ''}\n${err.stderr || ''}` };
  }
}

let world;
function setUp() {
  world ??= (async () => {
    const [approved, waiting] = await Promise.all([
      process2(['terms=1', 'date_precision=month', ...RELEASED.map((v) => `release_variable=${v}`)].join(' ')),
      process2('terms=1'),
    ]);
    assert.ok(approved.ok, `process2.sh approves a case with terms: ${approved.out.slice(-600)}`);
    const extractCase = (approved.out.match(/^case (\d+)$/m) || [])[1];
    // An approval with no variable is refused; the case waits for the decision.
    assert.ok(!waiting.ok && /Välj minst en variabel som lämnas ut/.test(waiting.out),
      `an approval with no variable ticked is refused: ${waiting.out.slice(-600)}`);
    const number = (waiting.out.match(/registered as (RH \d{4}-\d{5})/) || [])[1];
    assert.ok(extractCase && number, 'process2.sh named its cases');
    return { extractCase, number };
  })();
  return world;
}

async function go(page, locator) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  return res;
}

const looksRight = assertSound;

// The decision's id, from the director's queue.
async function decisionCaseId(page, number) {
  await visit(page, '/cases?state=awaiting_decision');
  const link = page.locator('main a', { hasText: number });
  assert.equal(await link.count(), 1, `${number} is in the director's queue`);
  return (await link.getAttribute('href')).match(/(\d+)$/)[1];
}

const approveStep = (page) => page.locator('details.step', { has: page.locator('form[action$="/events/approve"]') });

for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
  for (const [lang, locale] of Object.entries(LOCALES)) {
    test(`the director's release terms look right (${vpName}, ${lang})`, T, async () => {
      const { number } = await setUp();
      await withPage({ viewport, locale }, async ({ page, problems }) => {
        await signIn(page, 'direktor');
        const id = await decisionCaseId(page, number);
        await visit(page, `/cases/${id}`);
        const step = approveStep(page);
        await step.locator('summary').click();
        const boxes = step.locator('fieldset.terms input[name="release_variable"]');
        assert.equal(await boxes.count(), ASKED.length, 'a box per variable asked for');
        for (const key of ASKED) {
          const box = step.locator(`input[name="release_variable"][value="${key}"]`);
          assert.ok(await box.isChecked(), `${key} starts ticked`);
          // Its label says what it is in words, not only the key.
          const label = (await box.locator('xpath=ancestor::label').innerText()).replace(key, '').trim();
          assert.match(label, /\p{L}{3,}/u, `${key} has a name beside it (${label})`);
        }
        await looksRight(page, `/cases/${id} with the approval open`);
        await page.screenshot({ path: path.join(OUT, `decision-${vpName}-${lang}.png`), fullPage: true });
        assert.deepEqual(problems, [], 'no console errors or failed requests');
      });
    });
  }
}

test('the director unticks two variables and the approval records only the ticked ones', T, async () => {
  const { number } = await setUp();
  let id;
  await withPage({ viewport: VIEWPORTS.desktop, javaScriptEnabled: false }, async ({ page }) => {
    await signIn(page, 'direktor');
    id = await decisionCaseId(page, number);
    await visit(page, `/cases/${id}`);
    const step = approveStep(page);
    await step.locator('summary').click();
    // With the keyboard: focus the box, Space unticks it.
    for (const key of ['patient.municipality', 'prescription.atc_code']) {
      await step.locator(`input[name="release_variable"][value="${key}"]`).focus();
      await page.keyboard.press('Space');
      assert.equal(await step.locator(`input[value="${key}"]`).isChecked(), false, `${key} is unticked`);
    }
    await step.locator('select[name="date_precision"]').selectOption('year');
    await step.getByLabel(/^Text$/).fill('Bifall för de variabler som behövs för syftet.');
    await go(page, step.locator('button[type="submit"]'));
    assert.equal(await page.locator('main [role="alert"]').count(), 0,
      `the approval went through: ${(await page.locator('main').innerText()).slice(0, 300)}`);
  });
  await withPage({ viewport: VIEWPORTS.desktop, javaScriptEnabled: false }, async ({ page }) => {
    await signIn(page, 'dataanalys');
    await visit(page, `/cases/${id}/extraction`);
    // The delivered files' columns (the personnummer becomes the pseudonym).
    const listed = await page.locator('table.extract-vars tbody th code').allInnerTexts();
    for (const key of ASKED) {
      if (key === 'patient.personnummer') continue;
      const expected = !['patient.municipality', 'prescription.atc_code'].includes(key);
      const column = key.split('.')[1];
      assert.equal(listed.includes(column), expected, `${key} is ${expected ? '' : 'not '}in the extraction (${listed.join(' ')})`);
    }
    assert.ok(listed.includes('pseudonym'), 'the patients are in it by pseudonym');
    assert.match(await page.locator('main').innerText(), /\bår\b/, 'dates are released by year');
  });
});

// Data och analys's extraction page: a row of the run's facts.
const fact = (page, name) => page.locator(`#run [data-field="${name}"]`);
const num = async (page, name) => Number((await fact(page, name).innerText()).replace(/\D/g, ''));

for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
  for (const [lang, locale] of Object.entries(LOCALES)) {
    test(`the extraction page before a run looks right (${vpName}, ${lang})`, T, async () => {
      const { extractCase } = await setUp();
      await withPage({ viewport, locale }, async ({ page, problems }) => {
        await signIn(page, 'dataanalys');
        await visit(page, `/cases/${extractCase}`);
        await go(page, page.locator(`main a[href="/cases/${extractCase}/extraction"]`));
        assert.equal(await page.locator('form[action$="/extraction"] button[type="submit"]').count(), 1, 'a start button');
        // Each delivered column is listed with its table and a description.
        const rows = page.locator('table.extract-vars tbody tr');
        assert.ok(await rows.count() >= RELEASED.length, 'the delivered variables are listed');
        for (const row of await rows.all()) {
          assert.match(await row.locator('td').first().innerText(), /\p{L}{3,}/u, 'a row names its table');
          assert.match(await row.locator('td').last().innerText(), /\p{L}{3,}.*\p{L}{3,}/u, 'a row describes its column');
        }
        await looksRight(page, `/cases/${extractCase}/extraction (no run)`);
        await page.screenshot({ path: path.join(OUT, `extract-before-${vpName}-${lang}.png`), fullPage: true });
        assert.deepEqual(problems, [], 'no console errors or failed requests');
      });
    });
  }
}

test('without JavaScript: start a run, follow it with "Uppdatera", cancel it', T, async () => {
  const { extractCase } = await setUp();
  await withPage({ viewport: VIEWPORTS.phone, javaScriptEnabled: false }, async ({ page }) => {
    await signIn(page, 'dataanalys');
    await visit(page, `/cases/${extractCase}/extraction`);
    await go(page, page.locator('form[action$="/extraction"] button[type="submit"]'));
    assert.match(page.url(), new RegExp(`/cases/${extractCase}/extraction$`));
    assert.match(await fact(page, 'state_label').innerText(), /I kö|Pågår/, 'the run is queued or running');
    const refresh = page.getByRole('link', { name: 'Uppdatera', exact: true });
    let read = 0;
    for (let i = 0; i < 20 && read === 0; i++) {
      await page.waitForTimeout(1000);
      await go(page, refresh);
      read = await num(page, 'rows_read');
    }
    assert.ok(read > 0, 'after a while "Uppdatera" shows rows read');
    await page.waitForTimeout(2000);
    await go(page, refresh);
    assert.ok(await num(page, 'rows_read') > read, 'and more a moment later');
    const bar = page.locator('#run progress');
    assert.ok(Number(await bar.getAttribute('value')) > 0, 'the progress bar has moved');
    await page.screenshot({ path: path.join(OUT, 'extract-running-phone-nojs.png'), fullPage: true });
    await go(page, page.locator('form[action$="/extraction/cancel"] button[type="submit"]'));
    let state = '';
    for (let i = 0; i < 20 && !/Avbruten/.test(state); i++) {
      state = await fact(page, 'state_label').innerText();
      if (!/Avbruten/.test(state)) { await page.waitForTimeout(500); await visit(page, `/cases/${extractCase}/extraction`); }
    }
    assert.match(state, /Avbruten/, 'the run is cancelled');
    assert.equal(await page.locator('form[action$="/extraction/cancel"]').count(), 0, 'no cancel button once it has stopped');
    assert.equal(await page.locator('form[action$="/extraction/deliver"]').count(), 0, 'nothing to deliver');
    assert.equal(await page.locator('form[action$="/extraction"] button[type="submit"]').count(), 1, 'it can be run again');
  });
});

test('with JavaScript: the numbers move without a reload, and the finished run offers the delivery', T, async () => {
  const { extractCase } = await setUp();
  await withPage({ viewport: VIEWPORTS.desktop, locale: LOCALES.en }, async ({ page, problems }) => {
    await signIn(page, 'dataanalys');
    await visit(page, `/cases/${extractCase}/extraction`);
    await go(page, page.locator('form[action$="/extraction"] button[type="submit"]'));
    await page.evaluate(() => { window.__samePage = true; });
    // Read while the page is the same one (a loaded machine may finish the
    // run and reload the page between two looks): rows, bar, time left.
    const seen = [];
    let bar = 0, timeLeft = '';
    for (let i = 0; i < 12; i++) {
      await page.waitForTimeout(1000);
      if (!(await page.evaluate(() => window.__samePage === true))) break; // reloaded: the run ended
      seen.push(await num(page, 'rows_read'));
      const look = await page.evaluate(() => ({
        bar: Number(document.querySelector('#run progress')?.getAttribute('value') || 0),
        left: document.querySelector('#run [data-field="time_left"]')?.innerText || '',
        same: window.__samePage === true,
      }));
      if (look.same) { bar = Math.max(bar, look.bar); if (/\d/.test(look.left)) timeLeft = look.left; }
    }
    const moved = new Set(seen.filter((n) => n > 0));
    assert.ok(moved.size >= 2, `rows read went up on the same page (${seen.join(', ')})`);
    assert.ok(bar > 0, 'the bar moved');
    assert.match(timeLeft, /\d/, 'the time left is shown');
    await looksRight(page, `/cases/${extractCase}/extraction (running)`);
    await page.screenshot({ path: path.join(OUT, 'extract-running-desktop-en.png'), fullPage: true });
    // The page reloads itself when the run has ended.
    await page.waitForFunction(() => window.__samePage !== true, null, { timeout: 120_000, polling: 500 });
    await page.waitForLoadState('load');
    assert.equal(await page.locator('#run .run-done').count(), 1, 'the run is done');
    assert.equal(await page.locator('#run progress').getAttribute('value'), '1000', 'the bar is full');
    assert.equal(await page.locator('form[action$="/extraction/deliver"] button[type="submit"]').count(), 1,
      'the finished file can be sent');
    assert.deepEqual(problems, [], 'no console errors or failed requests');
  });
  for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
    for (const [lang, locale] of Object.entries(LOCALES)) {
      await withPage({ viewport, locale }, async ({ page }) => {
        await signIn(page, 'dataanalys');
        await visit(page, `/cases/${extractCase}/extraction`);
        await looksRight(page, `/cases/${extractCase}/extraction (done, ${vpName}, ${lang})`);
        await page.screenshot({ path: path.join(OUT, `extract-done-${vpName}-${lang}.png`), fullPage: true });
      });
    }
  }
});
