import { chromium } from 'playwright-core';
const B = 'http://127.0.0.1:18181';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
const sizes = { desk: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
// password change lockout, sv desktop + en phone
for (const [lang, vp] of [['sv', sizes.desk], ['en', sizes.phone]]) {
  const ctx = await browser.newContext({ viewport: vp, locale: lang === 'sv' ? 'sv-SE' : 'en-GB' });
  const p = await ctx.newPage();
  await p.goto(B + '/login');
  await p.fill('#username', lang === 'sv' ? 'sokande' : 'redaktor');
  await p.fill('#password', 'demo-Regionhalsan-2026');
  await Promise.all([p.waitForNavigation(), p.click('button[type=submit], input[type=submit]')]);
  for (let i = 0; i < 6; i++) {
    await p.goto(B + '/account/password');
    await p.fill('#current', 'wrong-' + i);
    await p.fill('#new', 'Ett-nytt-lösen-2031');
    await p.fill('#confirm', 'Ett-nytt-lösen-2031');
    await Promise.all([p.waitForNavigation(), p.click('main button[type=submit], main input[type=submit]')]);
  }
  await p.screenshot({ path: `/tmp/shots/pw-${lang}.png`, fullPage: true });
  await ctx.close();
}
await browser.close();
