// lib.mjs — shared helpers of the browser tests: the browser, contexts,
// signing in through the real form, running axe-core in a page.
import { createRequire } from 'node:module';
import { readFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

export const BASE = (process.env.DATALOTS_URL || '').replace(/\/$/, '');
if (!BASE) throw new Error('DATALOTS_URL is not set (run the tests through tests/browser/run.sh)');
export const PASSWORD = process.env.DEMO_PASSWORD || 'demo-Regionhalsan-2026';
export const OUT = process.env.BROWSER_OUT || path.join(here, 'out');
mkdirSync(OUT, { recursive: true });

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// chromium.launch gives every run a fresh temporary user-data dir.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

export const url = (p) => BASE + p;

// A new context (own cookies) and a page in it that records console errors,
// uncaught page errors, failed requests, HTTP errors of subresources and CSP
// violations (both as the browser's console message and as the DOM event).
export async function newPage(browser, options = {}) {
  // datalots picks its language from Accept-Language; the tests are those of a
  // Swedish browser (locale sv-SE) unless a test says otherwise.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'sv-SE', ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) {
      const loc = msg.location();
      problems.push(`console ${msg.type()}: ${msg.text()}${loc && loc.url ? ` (${loc.url})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    // A navigation superseded by another one is not a failure of the page.
    const why = req.failure() ? req.failure().errorText : '';
    if (!/ERR_ABORTED/.test(why)) problems.push(`request failed: ${req.method()} ${req.url()} ${why}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') {
      problems.push(`HTTP ${res.status()} for ${res.request().resourceType()} ${res.url()}`);
    }
  });
  if (options.javaScriptEnabled !== false) {
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || document.URL}:${e.lineNumber}`);
      });
    });
  }
  return { context, page, problems };
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations || []);
}

// Goes to a path and insists on a 200 HTML answer.
export async function visit(page, p) {
  const res = await page.goto(url(p), { waitUntil: 'load' });
  if (!res) throw new Error(`no response for ${p}`);
  if (res.status() !== 200) throw new Error(`GET ${p} answered ${res.status()} (now at ${page.url()})`);
  return res;
}

// Signs in through /login by typing into the form and clicking the button.
export async function signIn(page, user, password = PASSWORD) {
  await visit(page, '/login');
  await page.locator('#username').pressSequentially(user);
  await page.locator('#password').pressSequentially(password);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('main form button[type="submit"]').click(),
  ]);
}

// Is there a signed-in session? The header then has a sign-out form.
export async function signedIn(page) {
  return (await page.locator('header form[action="/logout"]').count()) > 0;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Runs axe-core (WCAG 2.1 A/AA rules) in the page as it is now. The script is
// evaluated over the DevTools protocol, so the page's CSP does not block it.
export async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return {
      violations: r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
      })),
      incomplete: r.incomplete.length,
    };
  }, WCAG_TAGS);
}

export function formatViolations(p, violations) {
  const lines = [`axe: ${violations.length} WCAG 2.1 A/AA violation(s) on ${p}:`];
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact}): ${v.help} [${v.helpUrl}]`);
    for (const n of v.nodes.slice(0, 10)) {
      lines.push(`    at ${n.target}: ${n.html.slice(0, 200)}`);
      if (n.summary) lines.push(`      ${n.summary.replace(/\n/g, ' / ')}`);
    }
    if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more element(s)`);
  }
  return lines.join('\n');
}

// Presses Tab until the element matching `selector` has focus.
export async function tabTo(page, selector, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return;
  }
  throw new Error(`${selector} never got focus after ${max} presses of Tab`);
}

// The viewports and locales the page tests look at every page in.
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};
export const LOCALES = { sv: 'sv-SE', en: 'en-GB' };
// The two looks most page tests check: a phone in Swedish, a desktop in English.
export const PHONE_SV_DESKTOP_EN = [
  { name: 'phone-sv', viewport: VIEWPORTS.phone, locale: LOCALES.sv },
  { name: 'desktop-en', viewport: VIEWPORTS.desktop, locale: LOCALES.en },
];

// axe-core (WCAG 2.1 A/AA) finds nothing on the page, and nothing on it is
// wider than the window (a phone scrolls only down).
export async function assertSound(page, where) {
  const r = await axe(page);
  assert.equal(r.violations.length, 0, formatViolations(where, r.violations));
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `${where} is ${wide} px wider than the window`);
}

// One browser for a test file, started before its first test and closed
// after its last; withPage(options, fn) runs fn with a fresh context and
// page (newPage) and always closes the context.
export function sharedBrowser() {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { if (browser) await browser.close(); });
  return {
    async withPage(options, fn) {
      const p = await newPage(browser, options);
      try { return await fn(p); } finally { await p.context.close(); }
    },
  };
}
