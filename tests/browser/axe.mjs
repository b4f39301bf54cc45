// Loads the HTML pack in Debian's Chromium (through playwright-core, which never downloads a
// browser) and checks it at desktop, phone and narrow-phone widths:
//   - 0 axe-core violations of the WCAG 2 A and AA rules (2.0, 2.1 and 2.2);
//   - no horizontal scrolling (the page must read at 320 px wide);
//   - nothing fetched from the network and no scripts in the page.
//
// Usage: node axe.mjs PACK.html
// Environment:
//   CHROMIUM         the browser to use (default /usr/bin/chromium)
//   SCREENSHOT_DIR   when set, full-page screenshots are written there for a person to look at
//
// Exit code: 0 when every check passes, 1 when any fails, 2 when the check could not run.

import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 375, height: 812 },
  { name: 'narrow phone', width: 320, height: 640 },
];

const file = process.argv[2];
if (!file) {
  console.error('usage: node axe.mjs PACK.html');
  process.exit(2);
}
const url = pathToFileURL(resolve(file)).href;
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const screenshotDir = process.env.SCREENSHOT_DIR;
const userDataDir = mkdtempSync(join(tmpdir(), 'evidence-pack-chromium-'));

let failures = 0;
const fail = (message) => {
  failures += 1;
  console.log(`  FAIL ${message}`);
};

let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
} catch (error) {
  console.error(`Chromium could not be started from ${executablePath}: ${error.message}`);
  rmSync(userDataDir, { recursive: true, force: true });
  process.exit(2);
}

try {
  for (const viewport of VIEWPORTS) {
    console.log(`${viewport.name} (${viewport.width} px wide):`);
    const page = await context.newPage();
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const fetched = [];
    await page.route('**/*', (route) => {
      const requested = route.request().url();
      if (requested === url) {
        return route.continue();
      }
      fetched.push(requested);
      return route.abort();
    });
    await page.goto(url, { waitUntil: 'load' });

    for (const requested of fetched) {
      fail(`the page tried to fetch ${requested}; a pack must be self-contained`);
    }
    const scripts = await page.locator('script').count();
    if (scripts > 0) {
      fail(`the page holds ${scripts} script element(s); a pack needs no scripts`);
    }
    const overflow = await page.evaluate(() => {
      const root = document.documentElement;
      return { scroll: root.scrollWidth, client: root.clientWidth };
    });
    if (overflow.scroll > overflow.client) {
      const wide = await page.evaluate(() => {
        const limit = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`);
      });
      fail(
        `the page scrolls sideways (${overflow.scroll} px of content in ${overflow.client} px); too wide: ${wide.join(', ')}`,
      );
    }

    if (screenshotDir) {
      mkdirSync(screenshotDir, { recursive: true });
      const path = join(screenshotDir, `pack-${viewport.width}.png`);
      await page.screenshot({ path, fullPage: true });
      console.log(`  screenshot: ${path}`);
    }

    await page.addScriptTag({ content: AXE_SOURCE });
    const results = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] }),
      TAGS,
    );
    for (const violation of results.violations) {
      fail(`axe ${violation.id} (${violation.impact}): ${violation.help}`);
      for (const node of violation.nodes.slice(0, 10)) {
        console.log(`       at ${node.target.join(' ')}`);
        if (node.failureSummary) {
          console.log(`          ${node.failureSummary.split('\n').join('\n          ')}`);
        }
      }
      if (violation.nodes.length > 10) {
        console.log(`       … and ${violation.nodes.length - 10} more`);
      }
    }
    const review = results.incomplete.map((r) => `${r.id} (${r.nodes.length})`);
    console.log(
      `  axe-core ${results.testEngine.version}: ${results.violations.length} violations, ${results.passes ? results.passes.length : 0} rules passed` +
        (review.length ? `; for a person to review: ${review.join(', ')}` : ''),
    );
    await page.close();
  }
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

if (failures > 0) {
  console.log(`axe: ${failures} problem(s) found in ${file}`);
  process.exit(1);
}
console.log(`axe: no violations in ${file}`);
