// pages.test.mjs — datalots in a real browser (Debian's Chromium, driven by
// playwright-core). Run through tests/browser/run.sh, which starts a demo
// store and sets DATALOTS_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  launch, newPage, visit, signIn, signedIn, axe, formatViolations, cspViolations, tabTo, OUT, PASSWORD, sharedBrowser,
} from './lib.mjs';

const T = { timeout: 60_000 };
const { withPage } = sharedBrowser();

// --- structure of the start page ---------------------------------------------

test('start page: lang="sv", <main> landmark, named <nav>', T, () => withPage({}, async ({ page }) => {
  await visit(page, '/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'sv', 'html lang');
  assert.equal(await page.locator('main').count(), 1, 'exactly one <main>');
  assert.ok(await page.locator('main h1').count() >= 1, 'an <h1> inside <main>');
  const navs = await page.locator('nav').evaluateAll((els) => els.map((n) => {
    let name = (n.getAttribute('aria-label') || '').trim();
    const by = n.getAttribute('aria-labelledby');
    if (!name && by) name = by.split(/\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
    return { name, inHeader: !!n.closest('header') };
  }));
  assert.ok(navs.length >= 1, 'at least one <nav>');
  assert.ok(navs.some((n) => n.inHeader), 'a <nav> in the page header');
  for (const n of navs) assert.ok(n.name, 'every <nav> has an accessible name (aria-label or aria-labelledby)');
  const names = navs.map((n) => n.name);
  assert.equal(new Set(names).size, names.length, `<nav> names are distinct: ${names.join(', ')}`);
}));

test('start page: the skip link is the first Tab stop, visible, and moves focus to <main>', T,
  () => withPage({}, async ({ page }) => {
    await visit(page, '/');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const a = document.activeElement;
      const r = a.getBoundingClientRect();
      return { tag: a.tagName, href: a.getAttribute('href'), text: a.textContent.trim(), w: r.width, h: r.height, top: r.top, left: r.left };
    });
    assert.equal(first.tag, 'A', 'first Tab stop is a link');
    assert.match(first.href || '', /^#/, 'the skip link points into the page');
    assert.ok(first.text.length > 0, 'the skip link has text');
    assert.ok(first.w > 1 && first.h > 1 && first.top >= 0 && first.left >= 0, `the skip link is visible when focused (${JSON.stringify(first)})`);
    await page.keyboard.press('Enter');
    const focused = await page.evaluate(() => ({ tag: document.activeElement.tagName, id: document.activeElement.id }));
    assert.equal(focused.tag, 'MAIN', `focus moved to <main> (is on ${focused.tag}#${focused.id})`);
    assert.equal(`#${focused.id}`, first.href);
  }));

// --- console errors and CSP -------------------------------------------------------

// One tour of the pages, anonymous and signed in, in a browser of its own:
// Chromium asks for some things (the favicon) only once per browser, and an
// earlier test would have hidden them. Two tests read its findings.
let tourResult;
function tour() {
  tourResult ??= (async () => {
    const own = await launch();
    const { context, page, problems } = await newPage(own);
    const csp = [];
    const seen = [];
    const noCsrf = [];
    const scripts = [];
    try {
      const check = async (p) => {
        await visit(page, p);
        await page.waitForLoadState('networkidle'); // late requests report too
        for (const v of await cspViolations(page)) csp.push(`${p}: ${v}`);
        const found = await page.evaluate(() => {
          const forms = [...document.querySelectorAll('form')]
            .filter((f) => (f.getAttribute('method') || 'get').toLowerCase() === 'post')
            .filter((f) => !f.querySelector('input[type="hidden"][name="csrf"]')?.value)
            .map((f) => `<form action="${f.getAttribute('action')}">`);
          const js = [...document.querySelectorAll('script')].map((e) => `<script${e.src ? ` src="${e.getAttribute('src')}"` : ''}>`);
          for (const e of document.querySelectorAll('*')) {
            for (const a of e.getAttributeNames()) if (/^on/i.test(a)) js.push(`${e.tagName.toLowerCase()}[${a}]`);
            for (const a of ['href', 'action', 'formaction', 'src']) if (/^\s*javascript:/i.test(e.getAttribute(a) || '')) js.push(`${e.tagName.toLowerCase()}[${a}=javascript:]`);
          }
          return { forms, js };
        });
        for (const f of found.forms) noCsrf.push(`${p}: ${f}`);
        for (const j of found.js) scripts.push(`${p}: ${j}`);
        seen.push(p);
      };
      for (const p of ['/', '/login', '/diarium', '/diarium/1', '/org']) await check(p);
      await signIn(page, 'registrator');
      if (!(await signedIn(page))) throw new Error('registrator could not sign in');
      for (const p of ['/', '/diarium', '/diarium/new', '/diarium/1', '/diarium/1/correct', '/org', '/account/password', '/account/age-key']) await check(p);
      await Promise.all([page.waitForNavigation(), page.locator('header form[action="/logout"] button').click()]);
      await signIn(page, 'admin');
      if (!(await signedIn(page))) throw new Error('admin could not sign in');
      for (const p of ['/admin/users', '/admin/users/new', '/admin/users/1', '/admin/audit', '/admin/outbox', '/org']) await check(p);
    } finally {
      await context.close();
      await own.close();
    }
    // The browser also reports a CSP violation as a console message.
    for (const m of problems) if (/Content Security Policy/i.test(m)) csp.push(m);
    return { problems: problems.filter((m) => !/Content Security Policy/i.test(m)), csp, seen, noCsrf, scripts };
  })();
  return tourResult;
}

test('no CSP violations on the public pages and signed in', T, async () => {
  const { csp, seen } = await tour();
  assert.deepEqual(csp, [], `CSP violations reported by the browser on ${seen.join(', ')}:\n${csp.join('\n')}`);
});

test('no console errors or failed requests on the public pages and signed in', T, async () => {
  const { problems, seen } = await tour();
  assert.deepEqual(problems, [], `problems reported by the browser on ${seen.join(', ')}:\n${problems.join('\n')}`);
});

test('every POST form carries a hidden csrf field', T, async () => {
  const { noCsrf } = await tour();
  assert.deepEqual(noCsrf, [], `POST forms without a csrf value:\n${noCsrf.join('\n')}`);
});

test('no JavaScript in the pages: no <script>, no on* handlers, no javascript: URLs', T, async () => {
  const { scripts } = await tour();
  assert.deepEqual(scripts, [], `script found:\n${scripts.join('\n')}`);
});

// --- axe-core: WCAG 2.1 A/AA -----------------------------------------------------

const PHONE = { width: 360, height: 740 };
const axePages = [
  { path: '/' },
  { path: '/login' },
  { path: '/diarium' },
  { path: '/diarium/1' },
  { path: '/org' },
  { path: '/diarium/new', user: 'registrator' },
  { path: '/admin/users', user: 'admin' },
  { path: '/admin/outbox', user: 'admin' },
  { path: '/account/age-key', user: 'sokande' },
  { path: '/account/age-key', user: 'sokande', viewport: PHONE },
  // Beyond the main set: English, and phone width (tables scroll there).
  { path: '/', locale: 'en-GB' },
  { path: '/', viewport: PHONE },
  { path: '/diarium', viewport: PHONE },
  { path: '/admin/audit', user: 'admin', viewport: PHONE },
];
for (const { path: p, user, locale, viewport } of axePages) {
  const how = [user && `as ${user}`, locale, viewport && `${viewport.width} px`].filter(Boolean).join(', ');
  const opts = { ...(locale && { locale }), ...(viewport && { viewport }) };
  test(`axe: no WCAG 2.1 A/AA violations on ${p}${how ? ` (${how})` : ''}`, T, () => withPage(opts, async ({ page }) => {
    if (user) {
      await signIn(page, user);
      assert.ok(await signedIn(page), `${user} is signed in`);
    }
    await visit(page, p);
    const r = await axe(page);
    assert.equal(r.violations.length, 0, formatViolations(`${p}${how ? ` (${how})` : ''}`, r.violations));
  }));
}

// --- signing in and out (with and without JavaScript) ----------------------------

for (const js of [true, false]) {
  const label = js ? '' : ' (JavaScript disabled)';

  test(`sign in by typing and clicking, then sign out${label}`, T, () => withPage({ javaScriptEnabled: js }, async ({ page, problems }) => {
    await visit(page, '/');
    await Promise.all([page.waitForNavigation(), page.locator('header a[href="/login"]').click()]);
    assert.match(page.url(), /\/login$/);
    await page.locator('#username').click();
    await page.keyboard.type('registrator');
    await page.locator('#password').click();
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForNavigation(), page.locator('main form button[type="submit"]').click()]);
    assert.ok(await signedIn(page), `signed in after submitting the form (now at ${page.url()})`);
    assert.match(await page.locator('header').innerText(), /Registrator/, 'the header names the signed-in user');
    assert.equal(await page.locator('header a[href="/diarium/new"]').count(), 1, 'a registrar sees "Registrera handling"');
    await Promise.all([page.waitForNavigation(), page.locator('header form[action="/logout"] button').click()]);
    assert.ok(!(await signedIn(page)), 'signed out after clicking the sign-out button');
    await visit(page, '/diarium/new').catch(() => {});
    assert.ok(!/\/diarium\/new$/.test(page.url()) || (await page.locator('#subject').count()) === 0,
      'after signing out, /diarium/new no longer shows the form');
    if (js) assert.deepEqual(problems, [], problems.join('\n'));
  }));

  test(`sign in with the keyboard only: Tab to the fields, Enter submits; sign out with Enter${label}`, T,
    () => withPage({ javaScriptEnabled: js }, async ({ page }) => {
      await visit(page, '/login');
      await tabTo(page, '#username');
      await page.keyboard.type('registrator');
      await page.keyboard.press('Tab');
      assert.ok(await page.locator('#password').evaluate((el) => el === document.activeElement), 'Tab goes from user name to password');
      await page.keyboard.type(PASSWORD);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.ok(await signedIn(page), `signed in after Enter (now at ${page.url()})`);
      await tabTo(page, 'header form[action="/logout"] button');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.ok(!(await signedIn(page)), 'signed out after Enter on the sign-out button');
    }));
}

test('a wrong password is refused with a message, and no session', T, () => withPage({}, async ({ page }) => {
  await signIn(page, 'sokande', 'not-the-password');
  assert.ok(!(await signedIn(page)), 'not signed in');
  assert.ok(await page.locator('main [role="alert"], main .error').count() >= 1, 'an error message is shown in <main>');
  assert.equal(await page.locator('#username').inputValue(), 'sokande', 'the user name is kept');
  assert.equal(await page.locator('#password').inputValue(), '', 'the password is not echoed back');
}));

// --- language ----------------------------------------------------------------------

test('the language control switches to English (lang="en") and back to Swedish', T, () => withPage({}, async ({ page, problems }) => {
  await visit(page, '/diarium');
  const skipSv = (await page.locator('a[href="#main"]').innerText()).trim();
  const control = (name) => page.locator('header').getByRole('link', { name, exact: true })
    .or(page.locator('header').getByRole('button', { name, exact: true }));
  await Promise.all([page.waitForNavigation(), control('English').click()]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'html lang after choosing English');
  assert.match(page.url(), /\/diarium$/, 'stays on the same page');
  const skipEn = (await page.locator('a[href="#main"]').innerText()).trim();
  assert.notEqual(skipEn, skipSv, `the page is translated (skip link reads "${skipEn}")`);
  await visit(page, '/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the choice is remembered on the next page');
  await Promise.all([page.waitForNavigation(), control('Svenska').click()]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'sv', 'html lang after choosing Svenska');
  assert.deepEqual(problems, [], problems.join('\n'));
}));

// --- registering a diary entry ------------------------------------------------------

test('registrator registers a diary entry through the form; markup is shown as text', T, () => withPage({}, async ({ page, problems }) => {
  await signIn(page, 'registrator');
  assert.ok(await signedIn(page), 'registrator is signed in');
  await Promise.all([page.waitForNavigation(), page.locator('header a[href="/diarium/new"]').click()]);
  assert.match(page.url(), /\/diarium\/new$/);
  const counterpart = 'Testuniversitetet <b>bold</b> & co';
  const subject = 'Begäran om <b>bold</b> uttag <script>x</script>';
  await page.locator('#doc_date').fill('2026-03-15');
  await page.locator('input[name="direction"][value="in"]').check();
  await page.locator('#counterpart').pressSequentially(counterpart);
  await page.locator('#subject').pressSequentially(subject);
  await Promise.all([page.waitForNavigation(), page.locator('main form button[type="submit"]').click()]);
  assert.match(page.url(), /\/diarium\/\d+$/, `lands on the entry page (now at ${page.url()}; page says: ${(await page.locator('main').innerText()).slice(0, 300)})`);
  const number = (await page.locator('main h1').innerText()).trim();
  assert.match(number, /^RH 2026-\d+$/, 'the entry page shows the diary number');
  const text = await page.locator('main').innerText();
  assert.ok(text.includes(counterpart), `counterpart shown as text: ${text}`);
  assert.ok(text.includes(subject), `subject shown as text: ${text}`);
  assert.equal(await page.locator('main b, main script').count(), 0, 'no <b>/<script> elements were created from the input');
  assert.ok(text.includes('2026-03-15'), 'document date shown');
  // The public diary lists it, again as text.
  await visit(page, '/diarium');
  const row = page.locator('main table tr', { hasText: number });
  assert.equal(await row.count(), 1, `${number} is listed in /diarium`);
  assert.ok((await row.innerText()).includes(subject), 'the list shows the subject as text');
  assert.equal(await page.locator('main b, main script').count(), 0, 'no markup from the input in the list');
  assert.deepEqual(problems, [], problems.join('\n'));
}));

// --- small screens and screenshots ---------------------------------------------------

for (const p of ['/', '/login']) {
  test(`${p} at 360 px: no horizontal scrolling`, T, () => withPage({ viewport: { width: 360, height: 740 } }, async ({ page }) => {
    await visit(page, p);
    const w = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
    assert.ok(w.doc <= 360, `document.documentElement.scrollWidth is ${w.doc} (> 360)`);
    assert.ok(w.body <= 360, `document.body.scrollWidth is ${w.body} (> 360)`);
  }));
}

test('screenshots of /, /diarium and /login at 360 px and 1280 px (tests/browser/out/)', T, async () => {
  for (const width of [360, 1280]) {
    await withPage({ viewport: { width, height: width === 360 ? 740 : 800 } }, async ({ page }) => {
      for (const [p, name] of [['/', 'start'], ['/diarium', 'diarium'], ['/login', 'login']]) {
        await visit(page, p);
        const file = path.join(OUT, `${name}-${width}.png`);
        const buf = await page.screenshot({ path: file, fullPage: true });
        assert.ok(buf.length > 1000, `${file} written`);
      }
    });
  }
});
