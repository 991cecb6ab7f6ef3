// case_story.test.mjs — a case story with its film in a real browser
// (/guide/fall-journaldata-process-1): axe-core (WCAG 2.1 A/AA) finds
// nothing on a desktop and a phone, in Swedish and English, and nothing is
// wider than the phone; each rule is a link in its step and in the table
// "Regler i exemplet"; Chromium loads the film's metadata (VP9/Opus WebM,
// 48 s) through /guide/media/ without a CSP complaint, its captions track
// is on by default and holds the cues, nothing plays by itself; without
// JavaScript the transcript and the rule links are all there and work.
// Screenshots: out/case-story-*.png. The HTTP side: tests/e2e/t_guide_media.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  visit, axe, formatViolations, cspViolations, OUT, sharedBrowser, VIEWPORTS, LOCALES,
} from './lib.mjs';

const T = { timeout: 120_000 };
const PAGE = '/guide/fall-journaldata-process-1';

const { withPage } = sharedBrowser();

for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
  for (const [lang, locale] of Object.entries(LOCALES)) {
    test(`${PAGE} on a ${vpName} in ${lang}: no axe violation, fits, rules by step`, T, async () => {
      await withPage({ viewport, locale }, async ({ page, problems }) => {
        await visit(page, PAGE);
        // Step 4 names its rule, as a link to the law's page.
        const step4 = page.locator('.guide-body ol li').nth(3);
        assert.equal(await step4.locator('a[href="/guide/osl-25-kap-1"]').count(), 1, 'step 4 links to OSL 25:1');
        assert.match(await step4.innerText(), /Regel: Hälso- och sjukvårdssekretessen – OSL 25 kap\. 1 §/, 'in the Swedish text, in Swedish');
        const rows = page.locator('table.case-rules tbody tr');
        assert.equal(await rows.count(), 5, 'one row per rule in the table');
        assert.match(await rows.nth(2).innerText(), lang === 'sv' ? /OSL 25 kap\. 1 §\s+4\. Samråd/ : /Chapter 25 Section 1 .*\s+4\. Samråd/);
        await page.locator('video').evaluate((v) => new Promise((ok) => v.readyState >= 1 ? ok() : v.addEventListener('loadedmetadata', ok)));
        const r = await axe(page);
        assert.equal(r.violations.length, 0, formatViolations(`${PAGE} (${vpName}, ${lang})`, r.violations));
        const w = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(w <= viewport.width, `the page is ${w} px wide in a ${viewport.width} px viewport`);
        const box = await page.locator('video').boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `the film is inside the viewport: ${JSON.stringify(box)}`);
        await page.screenshot({ path: path.join(OUT, `case-story-${vpName}-${lang}.png`), fullPage: true });
        assert.deepEqual(await cspViolations(page), []);
        assert.deepEqual(problems, []);
      });
    });
  }
}

test('the film loads its metadata, its captions are on and hold the cues, nothing plays by itself', T, async () => {
  await withPage({ viewport: VIEWPORTS.desktop }, async ({ page, problems }) => {
    await visit(page, PAGE);
    const v = page.locator('video');
    assert.equal(await v.getAttribute('autoplay'), null, 'no autoplay');
    assert.equal(await v.getAttribute('preload'), 'metadata');
    assert.notEqual(await v.getAttribute('controls'), null, 'the player has controls');
    const media = await v.evaluate((el) => new Promise((ok, fail) => {
      const done = () => {
        const t = el.textTracks[0];
        const track = el.querySelector('track');
        const cuesReady = () => {
          ok({ duration: el.duration, width: el.videoWidth, height: el.videoHeight, paused: el.paused,
            currentSrc: el.currentSrc, kind: t.kind, lang: t.language, label: t.label, mode: t.mode,
            cues: t.cues ? Array.from(t.cues, (c) => ({ start: c.startTime, end: c.endTime, text: c.text })) : [] });
        };
        if (track.readyState === 2) cuesReady();
        else { track.addEventListener('load', cuesReady); track.addEventListener('error', () => fail(new Error('the captions did not load'))); }
      };
      el.addEventListener('error', () => fail(new Error(`the film did not load: ${el.error && el.error.message}`)));
      if (el.readyState >= 1) done(); else el.addEventListener('loadedmetadata', done);
      setTimeout(() => fail(new Error('no metadata within 20 s')), 20_000);
    }));
    assert.match(media.currentSrc, /\/guide\/media\/fall-journaldata-process-1\.webm$/);
    assert.ok(media.duration > 30 && media.duration < 60, `the film is 30-60 s long: ${media.duration}`);
    assert.equal(media.width, 640);
    assert.equal(media.height, 360);
    assert.equal(media.paused, true, 'it waits for the viewer');
    assert.equal(media.kind, 'captions');
    assert.equal(media.lang, 'sv');
    assert.equal(media.label, 'Svenska');
    assert.equal(media.mode, 'showing', 'the captions are on by default');
    assert.equal(media.cues.length, 8);
    assert.match(media.cues[3].text, /I steg fyra träffas regionens samråd\./);
    for (let i = 1; i < media.cues.length; i++) assert.ok(media.cues[i].start >= media.cues[i - 1].end, 'cues in order');
    // Seeking asks for a byte range; the film plays from there.
    await v.evaluate((el) => new Promise((ok) => { el.addEventListener('seeked', ok, { once: true }); el.currentTime = 30; }));
    assert.ok(Math.abs(await v.evaluate((el) => el.currentTime) - 30) < 1, 'the film seeks to 30 s');
    // Every cue's words are in the transcript on the page.
    const transcript = await page.locator('.guide-body').last().innerText();
    for (const c of media.cues) assert.ok(transcript.replace(/\s+/g, ' ').includes(c.text.replace(/\s+/g, ' ')), `the transcript holds "${c.text}"`);
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
  });
});

test('without JavaScript the transcript, the download links and the rule links are there and work', T, async () => {
  await withPage({ viewport: VIEWPORTS.phone, javaScriptEnabled: false }, async ({ page }) => {
    await visit(page, PAGE);
    assert.equal(await page.getByRole('heading', { name: 'Textversion av filmen' }).count(), 1);
    assert.match(await page.locator('body').innerText(), /Uppgifter om patienters hälsa får bara lämnas ut om det står klart att ingen lider men\./);
    assert.equal(await page.locator('a[download][href="/guide/media/fall-journaldata-process-1.webm"]').count(), 1);
    assert.equal(await page.locator('a[download][href="/guide/media/fall-journaldata-process-1.vtt"]').count(), 1);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('.guide-body ol li').nth(3).locator('a[href="/guide/osl-25-kap-1"]').click()]);
    assert.match(page.url(), /\/guide\/osl-25-kap-1$/);
  });
});
