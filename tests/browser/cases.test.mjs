// cases.test.mjs — the release case in a real browser: the applicant's journey
// (Ärenden → Ny ansökan → Regionhälsan → the request form filled through its
// labels → draft saved → back from the list → an incomplete send with its
// error summary → sent → the case page with its diary number) and the
// coordinator's (the queue filtered by state → the case → "Begär
// komplettering" in its disclosure → the applicant completes → "Ansökan är
// komplett" with Process 1), each on a desktop and a phone viewport with
// axe-core (WCAG 2.1 A/AA) on every page, and both again with JavaScript
// disabled. The HTTP journey they mirror: tests/e2e/process1.sh.
// Screenshots of every page: tests/browser/out/case-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, signIn, signedIn, axe, formatViolations, OUT, sharedBrowser, VIEWPORTS,
} from './lib.mjs';

const T = { timeout: 120_000 };

const { withPage } = sharedBrowser();

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A form field by its label; needed fields' labels end in " *".
const field = (scope, label) => scope.getByLabel(new RegExp(`^\\s*${esc(label)}( \\*)?\\s*$`));

// Clicks something that loads a new page and waits for it.
async function go(page, locator) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  return res;
}

// The browser logs a page answered with 4xx as a console error; the
// incomplete send is answered 422 on purpose.
const unexpected = (problems) => problems.filter((m) => !/status of 422 .*\/cases\/\d+\)$/.test(m));

// What every page of the journeys must be: no axe violation (when the page
// may run axe: not with JavaScript disabled), nothing wider than the phone,
// and a screenshot to look at.
async function checkPage(page, run, name) {
  const where = `${name} (${run.label}; ${page.url()})`;
  if (run.js) {
    const r = await axe(page);
    assert.equal(r.violations.length, 0, formatViolations(where, r.violations));
  }
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= run.viewport.width, `${where}: the page is ${w} px wide in a ${run.viewport.width} px viewport`);
  await page.screenshot({ path: path.join(OUT, `case-${name}-${run.name}.png`), fullPage: true });
}

const mainText = async (page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

// The request, complete (process1.sh's), and the two fields the first send leaves out.
const REQUEST = [
  ['Sökandens e-post', 'sokande@regionhalsan.example'],
  ['Sökandens telefon', '031-123 45 67'],
  ['Sökandens organisation', 'Göteborgs universitet'],
  ['Huvudansvarig forskare', 'Professor Åsa Öberg'],
  ['Huvudansvarig forskares e-post', 'asa.oberg@gu.example'],
  ['Huvudansvarig forskares organisation', 'Göteborgs universitet, institutionen för medicin'],
  ['Syfte', 'Att beskriva vården av patienter med typ 2-diabetes.'],
  ['Vetenskaplig frågeställning', 'Hur har HbA1c-målen uppnåtts över tid?'],
  ['Etikprövningsmyndighetens diarienummer', '2024-01234-01'],
  ['Population och urvalskriterier', 'Vuxna med diagnos E11 under perioden.'],
  ['Diagnoskoder (ICD-10)', 'E11, E11.9'],
  ['Period från', '2015-01-01'],
  ['Period till', '2024-12-31'],
  ['Annat som efterfrågas (fritext)', 'Kön, födelseår, HbA1c, diagnoser, läkemedel (ATC)'],
  ['Lagring av uppgifterna', 'Krypterad server vid universitetet.'],
  ['Vem som får tillgång', 'Projektets tre forskare.'],
  ['Hur länge uppgifterna sparas', 'Tio år enligt arkivreglerna.'],
  ['Önskat leveransdatum', '2027-03-01'],
];
const LEFT_OUT = [
  ['Datum för etikgodkännandet', 'ethics_date', '2024-03-15'],
  ['Hur uppgifterna förstörs', 'sec_destruction', 'Raderas enligt universitetets rutin.'],
];

const spurious = {};

// The applicant writes and sends a request; returns what the coordinator needs.
async function applicantJourney(page, run) {
  const title = `Diabetes typ 2 i primärvården 2015–2024 (${run.name})`;
  await signIn(page, 'sokande');
  assert.ok(await signedIn(page), 'sokande is signed in');

  // Ärenden → Ny ansökan → Regionhälsan.
  await go(page, page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ärenden', exact: true }));
  assert.match(page.url(), /\/cases$/);
  await checkPage(page, run, 'list');
  await go(page, page.locator('main').getByRole('link', { name: 'Ny ansökan om uppgifter för forskning' }));
  assert.match(page.url(), /\/cases\/new$/);
  await checkPage(page, run, 'choose-org');
  await go(page, page.locator('main').getByRole('link', { name: 'Regionhälsan', exact: true }));
  assert.match(page.url(), /\/cases\/new\?org=\d+$/);
  assert.match(await mainText(page), /Till Regionhälsan\./, 'the form names the organisation');
  assert.equal(await field(page, 'Sökandens namn').inputValue(), 'Sara Forskare', "the applicant's name is filled in");
  await checkPage(page, run, 'form-empty');

  // Every field but two, through the labels; the title typed key by key.
  await field(page, 'Projektets titel').pressSequentially(title);
  for (const [label, value] of REQUEST) await field(page, label).fill(value);
  await field(page, 'Rättslig grund').selectOption({ label: 'Uppgift av allmänt intresse (forskning, GDPR art. 6.1 e och 9.2 j)' });
  const unit = field(page, 'Enhet eller område');
  const unitValue = await unit.locator('option', { hasText: 'Vårdcentralen Björkdalen' }).getAttribute('value');
  assert.ok(unitValue, 'Vårdcentralen Björkdalen is offered as a unit');
  await unit.selectOption(unitValue);
  await field(page, 'Patienter kommer att kontaktas').check();
  await field(page, 'Leveranssätt').selectOption({ label: 'Pappersutskrift' });

  // Save the draft: it stays a form, at its own address.
  await go(page, page.getByRole('button', { name: 'Spara utkast' }));
  assert.match(page.url(), /\/cases\/\d+$/, `the draft has an address (now at ${page.url()}: ${(await mainText(page)).slice(0, 300)})`);
  const id = page.url().match(/\/cases\/(\d+)$/)[1];
  assert.equal(await page.locator('main [role="alert"]').count(), 0, 'a draft may be incomplete: no error');
  assert.equal(await field(page, 'Projektets titel').inputValue(), title, 'the draft kept the title');

  // Come back to it from the list.
  await go(page, page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ärenden', exact: true }));
  const row = page.locator('main table tr', { hasText: title });
  assert.equal(await row.count(), 1, 'my draft is listed');
  assert.match(await row.innerText(), /Utkast/, 'as a draft');
  await checkPage(page, run, 'list-draft');
  await go(page, row.getByRole('link', { name: title }));
  assert.match(page.url(), new RegExp(`/cases/${id}$`));
  assert.equal(await field(page, 'Huvudansvarig forskares e-post').inputValue(), 'asa.oberg@gu.example', 'the draft kept what was written');
  assert.equal(await field(page, 'Leveranssätt').inputValue(), 'paper', 'and the delivery');
  assert.equal(await field(page, 'Enhet eller område').inputValue(), unitValue, 'and the unit');
  assert.ok(await field(page, 'Patienter kommer att kontaktas').isChecked(), 'and the checkbox');

  // Send it incomplete: the error summary links to each field left out.
  const refused = await go(page, page.getByRole('button', { name: 'Skicka in ansökan' }));
  assert.equal(refused.status(), 422, 'an incomplete send is answered 422');
  const summary = page.locator('main div.error[role="alert"]');
  assert.equal(await summary.count(), 1, `an error summary (page says: ${(await mainText(page)).slice(0, 300)})`);
  assert.match(await mainText(page), /Utkastet är sparat men inte inskickat/, 'the page says the draft is saved, not sent');
  for (const [label, key] of LEFT_OUT) {
    const link = summary.locator(`a[href="#f-${key}"]`);
    assert.equal(await link.count(), 1, `the summary links to ${label}`);
    assert.match(await link.innerText(), new RegExp(esc(label)), `the link names the field "${label}"`);
    const input = field(page, label);
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `${label} is aria-invalid`);
    const described = await input.getAttribute('aria-describedby');
    assert.ok(described, `${label} is described by its error`);
    assert.ok((await page.locator(`#${described}`).innerText()).trim().length > 0, `${label}'s error message has text`);
  }
  // Fields without a problem should not be aria-invalid (checked in a test of its own, below).
  spurious[run.name] = await page.locator('main form [aria-invalid="true"]').evaluateAll(
    (els, keys) => els.map((e) => e.id).filter((id) => !keys.includes(id)), LEFT_OUT.map(([, key]) => `f-${key}`));
  await checkPage(page, run, 'form-errors');
  for (const [label, key] of LEFT_OUT) {
    await summary.locator(`a[href="#f-${key}"]`).click();
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    assert.equal(focused, `f-${key}`, `following the link to ${label} puts focus on the field`);
  }

  // Fill them in (focus is on the last one) and send.
  for (const [label, , value] of LEFT_OUT) await field(page, label).fill(value);
  await go(page, page.getByRole('button', { name: 'Skicka in ansökan' }));
  assert.match(page.url(), new RegExp(`/cases/${id}$`));
  const h1 = (await page.locator('main h1').innerText()).trim();
  const number = (h1.match(/RH \d{4}-\d{5}/) || [])[0];
  assert.ok(number, `the case page shows the diary number (h1: "${h1}")`);
  assert.ok(h1.startsWith(title), `the heading is the title (h1: "${h1}")`);
  const text = await mainText(page);
  assert.match(text, /Läge Inkommen/, 'the case is received');
  assert.match(text, /Vårdcentralen Björkdalen/, 'the unit is named');
  assert.match(text, /Pappersutskrift/, 'delivery on paper');
  await checkPage(page, run, 'applicant');
  return { id, number, title };
}

// The disclosure of one step on the case page, its form and button.
const stepOf = (page, label) => page.locator('details.step', { has: page.locator('summary', { hasText: label }) });

async function takeStep(page, label, fill) {
  const d = stepOf(page, label);
  assert.equal(await d.count(), 1, `a "${label}" step (page says: ${(await mainText(page)).slice(0, 300)})`);
  assert.equal(await d.evaluate((el) => el.open), false, `"${label}" starts closed`);
  await d.locator('summary').click();
  assert.equal(await d.evaluate((el) => el.open), true, `"${label}" opens`);
  await fill(d);
  await go(page, d.getByRole('button', { name: label }));
  assert.equal(await page.locator('main [role="alert"]').count(), 0, `no error after "${label}": ${(await mainText(page)).slice(0, 300)}`);
}

async function coordinatorJourney(browserOpts, run, c) {
  await withPage(browserOpts, async ({ page, problems }) => {
    await signIn(page, 'samordnare');
    assert.ok(await signedIn(page), 'samordnare is signed in');
    await go(page, page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Ärenden', exact: true }));
    await page.getByLabel('Visa', { exact: true }).selectOption({ label: 'Inkommen' });
    await go(page, page.getByRole('button', { name: 'Filtrera' }));
    assert.match(page.url(), /[?&]state=received\b/, 'the filter is in the address');
    const queue = page.getByRole('region', { name: 'Ärenden att handlägga' });
    const rows = queue.locator('tbody tr');
    assert.ok(await rows.count() >= 1, 'the queue lists received cases');
    for (const t of await rows.allInnerTexts()) assert.match(t, /Inkommen/, `only received cases are listed: ${t}`);
    const row = queue.locator('tbody tr', { hasText: c.number });
    assert.equal(await row.count(), 1, `${c.number} is in the queue`);
    assert.match(await row.innerText(), /Sara Forskare/, 'with the applicant');
    assert.match(await row.innerText(), /Vårdcentralen Björkdalen/, 'and the unit');
    await checkPage(page, run, 'queue');
    await go(page, row.getByRole('link', { name: c.number }));
    assert.match(page.url(), new RegExp(`/cases/${c.id}$`));
    await checkPage(page, run, 'coordinator');

    await takeStep(page, 'Begär komplettering', async (d) => {
      await checkPage(page, run, 'coordinator-step-open');
      await field(d, 'Text').fill('Bifoga etikprövningsmyndighetens beslut.');
    });
    let text = await mainText(page);
    assert.match(text, /Läge Komplettering begärd/, 'the new state');
    assert.match(text, /Begäran om komplettering/, 'the completion request is a document');
    assert.match(text, /Bifoga etikprövningsmyndighetens beslut\./, 'with the text');

    // The applicant completes, in a browser of their own.
    await withPage(browserOpts, async ({ page: a }) => {
      await signIn(a, 'sokande');
      await visit(a, `/cases/${c.id}`);
      assert.match(await mainText(a), /Bifoga etikprövningsmyndighetens beslut\./, 'the applicant reads what is missing');
      await checkPage(a, run, 'applicant-completion');
      await takeStep(a, 'Skicka komplettering', async (d) => {
        await field(d, 'Text').fill('Beslutet bifogas (dnr 2024-01234-01).');
      });
      assert.match(await mainText(a), /Läge Inkommen/, 'received again');
    });

    await visit(page, `/cases/${c.id}`);
    await takeStep(page, 'Ansökan är komplett', async (d) => {
      const p1 = d.getByLabel(/^\s*Process 1:/);
      assert.ok(await p1.isChecked(), 'Process 1 is suggested for one care unit');
      await p1.check();
      // the completeness check: every point ticked by its label
      const points = d.locator('input[type=checkbox][name^="check_"]');
      assert.equal(await points.count(), 6, 'six points in the completeness check');
      for (let i = 0; i < 6; i++) await points.nth(i).check();
    });
    text = await mainText(page);
    assert.match(text, /Läge Väntar på samråd/, 'on the samråd\'s list');
    assert.match(text, /Process Process 1/, 'Process 1');
    await checkPage(page, run, 'coordinator-accepted');
    if (run.js) assert.deepEqual(problems, [], problems.join('\n'));
  });
}

const RUNS = [
  { name: 'desktop', viewport: VIEWPORTS.desktop, js: true },
  { name: 'phone', viewport: VIEWPORTS.phone, js: true },
  { name: 'nojs', viewport: VIEWPORTS.desktop, js: false },
];
for (const run of RUNS) {
  run.label = `${run.viewport.width}×${run.viewport.height}${run.js ? '' : ', JavaScript disabled'}`;
  const opts = { viewport: run.viewport, javaScriptEnabled: run.js, ...(run.name === 'phone' && { isMobile: true, hasTouch: true }) };
  let made;
  test(`case: the applicant writes, saves, comes back, sends incomplete, then complete (${run.label})`, T,
    () => withPage(opts, async ({ page, problems }) => {
      made = await applicantJourney(page, run);
      if (run.js) assert.deepEqual(unexpected(problems), [], problems.join('\n'));
    }));
  test(`case: the coordinator filters the queue, asks for a completion, accepts with Process 1 (${run.label})`, T, async (t) => {
    if (!made) { t.skip('the applicant journey made no case'); return; }
    await coordinatorJourney(opts, run, made);
  });
}

// A field without a problem must not inherit the page's error (the template
// engine looks a name up in the parent context when the field has none;
// form_fields_to_ctx() sets "error" to "" on every field for that reason).
test('case form: after an incomplete send only the fields with a problem are aria-invalid', T, () => {
  for (const [name, ids] of Object.entries(spurious)) {
    assert.deepEqual(ids, [], `${name}: fields marked aria-invalid without a problem: ${ids.join(', ')}`);
  }
});
