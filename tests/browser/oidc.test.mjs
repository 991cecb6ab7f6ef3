// oidc.test.mjs — sign-in through an OpenID Connect provider (issue 17) in a
// real browser, against a real, certified provider on loopback (npm's
// oidc-provider, oidc_provider.mjs), by clicking: the provider's button on
// /login → its sign-in form → back signed in with the name in the header;
// linking an identity from /account/password (also while the provider
// still has someone else signed in: prompt=login, its session switch);
// sign-out through the provider's end-session page. axe-core (WCAG 2.1 A/AA) on /login with the
// buttons, on a refusal and on /account/password, phone and desktop, Swedish
// and English; screenshots out/oidc-*.png. The file starts its own
// datalots (a fresh demo store; the provider must know datalots' address
// beforehand, so --public-url and a port chosen here) and its own provider,
// so the other tests' /login keeps no button. The HTTP side and every bad
// token: tests/e2e/t_oidc.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUT, PASSWORD, VIEWPORTS, LOCALES, sharedBrowser, assertSound, cspViolations } from './lib.mjs';

const T = { timeout: 120_000 };
const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = process.env.DATALOTS_BIN || path.join(here, '../../build/san/datalots');
const LABEL = 'Logga in med Regionhälsans inloggning';
const LABEL_EN = 'Sign in with Regionhälsan\'s single sign-on';
const { withPage } = sharedBrowser();

let tmp; let dl; let op; let dlProc; let opProc;
const dlErr = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// Starts a process and resolves with the first match of re in its stdout.
function startUntil(cmd, args, re, opts, errSink) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start: ${out}`)), 30_000);
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(re);
      if (m) { clearTimeout(timer); resolve({ p, m }); }
    });
    p.stderr.on('data', (d) => { if (errSink) errSink.push(String(d)); });
    p.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${cmd} exited ${code}: ${out} ${(errSink || []).join('')}`)); });
  });
}

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'datalots-oidc-'));
  const db = `sqlite:${path.join(tmp, 'oidc.db')}`;
  execFileSync(BIN, ['init', '--db', db, '--demo'], { stdio: 'ignore' });
  const port = await freePort();
  dl = `http://127.0.0.1:${port}`;
  writeFileSync(path.join(tmp, 'client.secret'), `webblasartestets-hemlighet-${Math.random().toString(36).slice(2)}\n`);
  writeFileSync(path.join(tmp, 'accounts.json'), JSON.stringify({
    anna: { sub: '248289761001', name: 'Anna Andersson', email: 'anna.andersson@regionhalsan.example', email_verified: true, groups: ['staff'] },
    erik: { sub: 'erik-0005', name: 'Erik Ek', email: 'erik@example.org', email_verified: true },
    gun: { sub: 'gun-0007', name: 'Gun Gran', email: 'gun@example.org', email_verified: true },
  }));
  const prov = await startUntil('node', ['oidc_provider.mjs', '--port', '0', '--accounts', path.join(tmp, 'accounts.json'),
    '--client', `id=datalots,secret-file=${path.join(tmp, 'client.secret')},redirect=${dl}/login/oidc/callback,logout=${dl}/`],
  /^ready (\S+)$/m, { cwd: here });
  opProc = prov.p;
  op = prov.m[1];
  execFileSync(BIN, ['oidc', 'add', '--db', db, '--name', 'region', '--issuer', op, '--client-id', 'datalots',
    '--client-secret-file', path.join(tmp, 'client.secret'), '--label', LABEL, '--label-en', LABEL_EN, '--scopes', 'openid profile email',
    '--create-accounts', '1'], { stdio: 'ignore' });
  const srv = await startUntil(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--public-url', dl,
    '--access-log', 'off', '--workers', '2'], /listening on http:\/\/\S+/, {}, dlErr);
  dlProc = srv.p;
});

after(async () => {
  for (const p of [dlProc, opProc]) if (p && p.exitCode === null) { p.removeAllListeners('exit'); p.kill('SIGTERM'); }
  await new Promise((r) => { setTimeout(r, 300); });
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function go(page, p, status = 200) {
  const res = await page.goto(dl + p, { waitUntil: 'load' });
  assert.equal(res.status(), status, `GET ${p} answered ${res.status()}`);
}
// Clicks and waits until the page is at urlPrefix…; on a timeout says
// where the browser stopped and what that page says.
async function clickAndWait(page, locator, urlPrefix, problems = []) {
  try {
    await Promise.all([page.waitForURL((u) => u.href.startsWith(urlPrefix), { waitUntil: 'load', timeout: 15_000 }), locator.click()]);
  } catch (e) {
    const text = await page.locator('main').innerText().catch(() => page.locator('body').innerText().catch(() => ''));
    const csp = [...await cspViolations(page).catch(() => []), ...problems.filter((p) => /Content Security Policy/.test(p))];
    throw new Error(`waiting for ${urlPrefix}…: stopped at ${page.url()}: ${text.slice(0, 200)}`
      + `${csp.length ? ` — CSP: ${csp.join('; ')}` : ''} (${e.message.split('\n')[0]})`);
  }
}
async function signInWithPassword(page, user) {
  await go(page, '/login');
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(PASSWORD);
  await clickAndWait(page, page.locator('main form[action="/login"] button[type="submit"]'), `${dl}/`);
}
// On the provider's page: the name typed, "Logga in" clicked; back at datalots.
async function providerSignIn(page, login, back) {
  assert.ok(page.url().startsWith(`${op}/interaction/`), `at the provider's sign-in form (${page.url()})`);
  await page.getByLabel('Användarnamn').fill(login);
  await clickAndWait(page, page.getByRole('button', { name: 'Logga in' }), back);
}
const who = (page) => page.locator('header .who').innerText();
async function noCspViolations(page, where) {
  const v = await cspViolations(page);
  assert.deepEqual(v, [], `${where}: no CSP violation`);
}

const LOOKS = [
  { name: 'phone-sv', viewport: VIEWPORTS.phone, locale: LOCALES.sv, heading: 'Eller logga in via din organisation', label: LABEL },
  { name: 'desktop-sv', viewport: VIEWPORTS.desktop, locale: LOCALES.sv, heading: 'Eller logga in via din organisation', label: LABEL },
  { name: 'phone-en', viewport: VIEWPORTS.phone, locale: LOCALES.en, heading: null, label: LABEL_EN },
  { name: 'desktop-en', viewport: VIEWPORTS.desktop, locale: LOCALES.en, heading: null, label: LABEL_EN },
];

for (const c of LOOKS) {
  test(`/login with the provider's button, and a refusal (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page, problems }) => {
      await go(page, '/login?next=/diarium');
      const button = page.getByRole('link', { name: c.label, exact: true });
      await button.waitFor();
      assert.equal(await button.getAttribute('href'), '/login/oidc/region?next=%2Fdiarium', 'the button keeps next');
      assert.equal(await page.locator('html').getAttribute('lang'), c.locale.slice(0, 2), 'the page is in the browser\'s language');
      if (c.heading) assert.equal(await page.locator('#providers-h').innerText(), c.heading);
      else assert.doesNotMatch(await page.locator('#providers-h').innerText(), /logga|organisationen|din /i, 'the heading is translated');
      await assertSound(page, `/login with the button (${c.name})`);
      await page.screenshot({ path: path.join(OUT, `oidc-login-${c.name}.png`), fullPage: true });
      // A callback nobody started: the login page with the sentence.
      await go(page, '/login/oidc/callback?code=x&state=nobody-started-this', 400);
      assert.equal(await page.locator('p.error[role="alert"]').count(), 1, 'the refusal says why');
      assert.ok(await page.getByRole('link', { name: c.label, exact: true }).isVisible(), 'the button is offered again, in the page\'s language');
      await assertSound(page, `a refused callback (${c.name})`);
      await page.screenshot({ path: path.join(OUT, `oidc-refused-${c.name}.png`), fullPage: true });
      // The refusal's own status is the one error the browser may report.
      assert.deepEqual(problems.filter((p) => !/status of 400 .*\/login\/oidc\/callback\?/.test(p)), []);
    });
  });
}

for (const c of [
  { name: 'desktop-sv', viewport: VIEWPORTS.desktop, locale: LOCALES.sv, label: LABEL, signOut: 'Logga ut' },
  { name: 'phone-en', viewport: VIEWPORTS.phone, locale: LOCALES.en, label: LABEL_EN, signOut: 'Sign out' },
]) {
  test(`sign in by clicking through the provider, then sign out through its page (${c.name})`, T, async () => {
    await withPage({ viewport: c.viewport, locale: c.locale }, async ({ page, problems }) => {
      await go(page, '/login');
      await clickAndWait(page, page.getByRole('link', { name: c.label, exact: true }), `${op}/interaction/`);
      await page.screenshot({ path: path.join(OUT, `oidc-provider-form-${c.name}.png`), fullPage: true });
      await providerSignIn(page, 'anna', `${dl}/`);
      assert.equal(new URL(page.url()).pathname, '/', 'back at datalots\' start page');
      assert.equal(await who(page), 'Anna Andersson', 'her name in the header');
      await assertSound(page, `the start page signed in through the provider (${c.name})`);
      await page.screenshot({ path: path.join(OUT, `oidc-signed-in-${c.name}.png`) });
      await noCspViolations(page, 'after the sign-in');
      // Sign-out: datalots' button, then the provider's confirm page.
      const out = page.locator('header form[action="/logout"] button');
      assert.equal((await out.innerText()).trim(), c.signOut);
      await clickAndWait(page, out, `${op}/session/end`, problems);
      assert.ok(await page.getByRole('button', { name: 'Ja, logga ut' }).isVisible(), 'the provider asks to confirm');
      await clickAndWait(page, page.getByRole('button', { name: 'Ja, logga ut' }), `${dl}/`);
      assert.equal(await page.locator('header form[action="/logout"]').count(), 0, 'signed out of datalots');
      // The provider's session ended too: the button leads to its form again.
      await go(page, '/login');
      await clickAndWait(page, page.getByRole('link', { name: c.label, exact: true }), `${op}/interaction/`);
      assert.deepEqual(problems, []);
    });
  });
}

test('link an identity from /account/password, then sign in with it (phone)', T, async () => {
  await withPage({ viewport: VIEWPORTS.phone, locale: LOCALES.sv }, async ({ page, problems }) => {
    await signInWithPassword(page, 'sekretess');
    await go(page, '/account/password');
    await assertSound(page, '/account/password with the providers');
    const link = page.locator('form[action="/account/oidc/region/link"] button');
    assert.match(await link.innerText(), /Koppla/);
    await clickAndWait(page, link, `${op}/interaction/`, problems);
    await providerSignIn(page, 'erik', `${dl}/account/password`);
    assert.ok((await page.locator('main').innerText()).includes(LABEL), 'the page says which provider is linked');
    await assertSound(page, '/account/password after linking');
    await page.screenshot({ path: path.join(OUT, 'oidc-linked-phone-sv.png'), fullPage: true });
    await noCspViolations(page, 'after linking');
    assert.deepEqual(problems, []);
  });
  await withPage({ viewport: VIEWPORTS.phone, locale: LOCALES.sv }, async ({ page, problems }) => {
    await go(page, '/login');
    await clickAndWait(page, page.getByRole('link', { name: LABEL }), `${op}/interaction/`);
    await providerSignIn(page, 'erik', `${dl}/`);
    assert.equal(await who(page), 'Selma Sekretessprövare', 'erik\'s identity signs in as sekretess');
    await page.screenshot({ path: path.join(OUT, 'oidc-signed-in-phone-sv.png') });
    assert.deepEqual(problems, []);
  });
});

test('link while the provider still has someone else signed in (prompt=login, the provider switches)', T, async () => {
  await withPage({ viewport: VIEWPORTS.desktop, locale: LOCALES.sv }, async ({ page, problems }) => {
    await go(page, '/login');
    await clickAndWait(page, page.getByRole('link', { name: LABEL, exact: true }), `${op}/interaction/`);
    await providerSignIn(page, 'anna', `${dl}/`);
    // Out of datalots, but "stay signed in" at the provider.
    await clickAndWait(page, page.locator('header form[action="/logout"] button'), `${op}/session/end`, problems);
    await clickAndWait(page, page.getByRole('button', { name: 'Nej, förbli inloggad' }), `${dl}/`);
    assert.equal(await page.locator('header form[action="/logout"]').count(), 0, 'signed out of datalots');
    // samrad links: the provider must ask who it is (prompt=login), not answer for anna.
    await signInWithPassword(page, 'samrad');
    await go(page, '/account/password');
    await clickAndWait(page, page.locator('form[action="/account/oidc/region/link"] button'), `${op}/interaction/`, problems);
    await providerSignIn(page, 'gun', `${dl}/account/password`);
    assert.match(await page.locator('main').innerText(), /kopplad/i, 'the page says the identity is linked');
    assert.equal(await who(page), 'Per Vetenskaplig', 'still samrad');
    assert.deepEqual(problems, []);
  });
  await withPage({ viewport: VIEWPORTS.desktop, locale: LOCALES.sv }, async ({ page }) => {
    await go(page, '/login');
    await clickAndWait(page, page.getByRole('link', { name: LABEL, exact: true }), `${op}/interaction/`);
    await providerSignIn(page, 'gun', `${dl}/`);
    assert.equal(await who(page), 'Per Vetenskaplig', 'gun\'s identity signs in as samrad, not anna\'s');
  });
});

test('the provider\'s pages themselves pass axe (the form a person sees between)', T, async () => {
  await withPage({ viewport: VIEWPORTS.phone, locale: LOCALES.sv }, async ({ page }) => {
    await go(page, '/login');
    await clickAndWait(page, page.getByRole('link', { name: LABEL }), `${op}/interaction/`);
    await assertSound(page, 'the test provider\'s sign-in form');
    // Not ours, but a broken test page would hide a broken flow: it must work with the keyboard.
    await page.getByLabel('Användarnamn').focus();
    await page.keyboard.type('anna');
    await Promise.all([page.waitForURL((u) => u.href.startsWith(`${dl}/`), { waitUntil: 'load' }), page.keyboard.press('Enter')]);
    assert.equal(await who(page), 'Anna Andersson');
  });
});

test('the client secret is in no page or header datalots sent', T, async () => {
  const secret = readFileSync(path.join(tmp, 'client.secret'), 'utf8').trim();
  await withPage({}, async ({ page }) => {
    const seen = [];
    const bodies = [];
    page.on('response', (r) => {
      seen.push(`${r.url()} ${JSON.stringify(r.headers())}`);
      bodies.push(r.text().then((t) => seen.push(t), () => {})); // a redirect has no body
    });
    await go(page, '/login');
    await clickAndWait(page, page.getByRole('link', { name: LABEL }), `${op}/interaction/`);
    await providerSignIn(page, 'anna', `${dl}/`);
    await Promise.all(bodies);
    assert.ok(seen.length > 6, `the responses were seen (${seen.length})`);
    assert.ok(!seen.some((s) => s.includes(secret)), 'the secret never reaches the browser');
  });
});

// The server of this file must not have said anything a sanitizer or a
// strict template says (run.sh checks its own server the same way).
test('datalots of this file: no sanitizer report, no unset template key', T, async () => {
  const log = dlErr.join('');
  assert.doesNotMatch(log, /ERROR: AddressSanitizer|runtime error:|which the handler never set/, log.slice(0, 2000));
});
