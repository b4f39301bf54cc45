// The live preview in a real browser: `evidence-pack serve` on a copy of a pack, the page open in
// Debian's Chromium (playwright-core, no browser download). Nothing here reloads the page: each
// step saves a file and waits for the page to change by itself, and then checks that the page
// as changed is the page the server now serves, node for node.
//   - a record saved in place, then by rename (a new file renamed over it), shows its new title
//     without the page reloading;
//   - a new record file shows as a new record, and a record file deleted goes from the page;
//   - a record with a gap shows the finding beside it, and in the banner;
//   - a file that does not parse shows as its finding; the server keeps running;
//   - while the page is being printed it does not change, and changes once printing ends;
//   - no Content-Security-Policy violation or script error, and 0 axe-core violations of the
//     WCAG 2 A and AA rules on the served page (with findings showing), at desktop and phone widths;
//   - Ctrl-C stops the server with exit code 0.
//
// Usage: node serve.mjs BIN PACK      (PACK is copied; the copy is changed, never PACK itself)
// Exit code: 0 when every check passes, 1 when any fails, 2 when the check could not run.

import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium, startServer } from './serve-support.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PATIENCE = 30000;

const [binary, source] = process.argv.slice(2);
if (!binary || !source) {
  console.error('usage: node serve.mjs BIN PACK');
  process.exit(2);
}

// A copy of the pack's own files (not output/, .git or build folders).
const pack = mkdtempSync(join(tmpdir(), 'evidence-pack-serve-pack-'));
for (const part of ['pack.toml', 'content', 'frameworks', 'templates', 'tenders', 'private']) {
  if (existsSync(join(source, part))) {
    cpSync(join(source, part), join(pack, part), { recursive: true });
  }
}
const decisions = join(pack, 'content', 'decisions');
const recordFile = join(decisions, readdirSync(decisions).filter((f) => f.endsWith('.toml')).sort()[0]);
const original = readFileSync(recordFile, 'utf8');
const id = original.match(/^id = "([^"]+)"/m)[1];
const anchor = id.toLowerCase().replace(/[^a-z0-9]+/g, '-');

let failures = 0;
const check = (ok, message) => {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (!ok) failures += 1;
};
const withTitle = (text, title) => text.replace(/^title = .*$/m, `title = "${title}"`);

// Whether the page as it changed itself is the page the server now serves (scripts aside).
const matchesServed = (page) =>
  page.evaluate(async () => {
    const html = await (await fetch('/', { cache: 'no-store' })).text();
    const served = new DOMParser().parseFromString(html, 'text/html');
    const shown = (root) => {
      const copy = root.cloneNode(true);
      copy.querySelectorAll('script').forEach((s) => s.remove());
      return copy.outerHTML;
    };
    return shown(document.documentElement) === shown(served.documentElement);
  });

let server;
let browser;
try {
  server = await startServer(resolve(binary), pack);
  browser = await launchChromium();
} catch (error) {
  console.error(`serve or Chromium could not be started: ${error.message}`);
  rmSync(pack, { recursive: true, force: true });
  process.exit(2);
}

try {
  const page = await browser.context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(server.url);
  const title = page.locator(`#${anchor}-title`);
  check((await page.title()).length > 0, `the page opens at ${server.url}`);

  // Counts reloads (the page should update itself without any).
  let loads = 0;
  page.on('load', () => {
    loads += 1;
  });

  writeFileSync(recordFile, withTitle(original, 'Saved in place'));
  await title.filter({ hasText: 'Saved in place' }).waitFor({ timeout: PATIENCE });
  check(true, 'a record saved in place shows its new title by itself');
  check(await matchesServed(page), 'the page changed itself into the page served');
  check(
    (await page.locator(`.contents a[href="#${anchor}"]`).innerText()).includes('Saved in place'),
    'the contents list shows the new title too',
  );

  const temp = join(decisions, '.saving.tmp');
  writeFileSync(temp, withTitle(original, 'Saved by rename'));
  renameSync(temp, recordFile);
  await title.filter({ hasText: 'Saved by rename' }).waitFor({ timeout: PATIENCE });
  check(true, 'a record saved by rename shows its new title by itself');
  check(await matchesServed(page), 'the page changed itself into the page served');
  check(loads === 0, `the page changed without reloading (${loads} reloads)`);

  // A new record, then the same file deleted.
  const added = join(decisions, 'zz-added.toml');
  writeFileSync(added, withTitle(original.replace(/^id = .*$/m, 'id = "D-990"'), 'A record added'));
  await page.locator('#d-990-title').filter({ hasText: 'A record added' }).waitFor({ timeout: PATIENCE });
  check(true, 'a new record file shows as a new record');
  check(await matchesServed(page), 'the page changed itself into the page served');
  rmSync(added);
  await page.locator('#d-990').waitFor({ state: 'detached', timeout: PATIENCE });
  check(true, 'a record file deleted goes from the page');
  check(await matchesServed(page), 'the page changed itself into the page served');

  // A gap in the record: its finding beside it, and the banner linking to it.
  const gap = original.replace(/^in_their_words = .*$/m, 'in_their_words = ""');
  writeFileSync(recordFile, gap);
  const beside = page.locator(`#${anchor}-findings`);
  await beside.filter({ hasText: 'missing-person-voice' }).waitFor({ timeout: PATIENCE });
  check(true, `the finding shows beside ${id}`);
  check(await matchesServed(page), 'the page changed itself into the page served');
  check(
    (await page.locator(`.serve-banner a[href="#${anchor}-findings"]`).count()) === 1,
    'the banner links to the record\'s findings',
  );

  // A file that does not parse.
  writeFileSync(join(decisions, 'zz-broken.toml'), 'id = "D-999"\ntitle = "never closed\n');
  const banner = page.locator('.serve-banner');
  await banner.filter({ hasText: 'zz-broken.toml' }).waitFor({ timeout: PATIENCE });
  const bannerText = await banner.first().innerText();
  check(bannerText.includes('invalid-record'), 'a file that does not parse shows as its finding');
  check(await matchesServed(page), 'the page changed itself into the page served');
  check(server.lines.some((l) => /Rebuilt the page in \d+ ms: \d+ errors? and \d+ warnings?\./.test(l)), 'a console line per rebuild, with its findings');

  // axe-core on the served page, findings and banner showing.
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    // Evaluated through the browser's debugging protocol: the page's Content-Security-Policy
    // rightly refuses any script tag without its nonce.
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
    }, TAGS);
    check(result.length === 0, `axe-core at ${width} px: ${result.length} violations${result.length ? `\n      ${result.join('\n      ')}` : ''}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  // While printing, a save does not change the page; once printing ends, it does.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  writeFileSync(recordFile, withTitle(gap, 'Saved while printing'));
  await server.waitForLine((l) => l.includes('Rebuilt the page'), 'a rebuild after the save while printing');
  await page.waitForTimeout(1000);
  check(!(await title.innerText()).includes('Saved while printing'), 'the page does not change while it is being printed');
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await title.filter({ hasText: 'Saved while printing' }).waitFor({ timeout: PATIENCE });
  check(true, 'the page changes once printing ends');
  check(await matchesServed(page), 'the page changed itself into the page served');
  check(loads === 0, `nothing made the page reload (${loads} reloads)`);

  // A practice example whose anchor is also an element's id inside a record (its id is the
  // record's id followed by " title"): changing its text must make the page reload, not swap
  // out the record's heading.
  const examples = join(pack, 'content', 'examples');
  const exampleFile = join(examples, readdirSync(examples).filter((f) => f.endsWith('.toml')).sort()[0]);
  const collide = join(examples, 'a-collide.toml');
  const exampleText = readFileSync(exampleFile, 'utf8').replace(/^id = .*$/m, `id = "${id} title"`);
  writeFileSync(collide, exampleText);
  await page.locator(`article#${anchor}-title`).waitFor({ timeout: PATIENCE });
  const reloadsBefore = loads;
  writeFileSync(collide, exampleText.replace(/^situation = """\n/m, 'situation = """\nCollide text. '));
  await page.locator(`article#${anchor}-title`).filter({ hasText: 'Collide text.' }).waitFor({ timeout: PATIENCE });
  await page.waitForLoadState('load');
  check(await matchesServed(page), 'an example whose anchor is another element\'s id: the page is still the page served');
  check(loads === reloadsBefore + 1, `and it reloaded once to get there (${loads - reloadsBefore} reloads)`);
  rmSync(collide);

  const csp = problems.filter((p) => /Content Security Policy|Refused/.test(p));
  check(csp.length === 0, `no Content-Security-Policy violations${csp.length ? `: ${csp.join('; ')}` : ''}`);
  const others = problems.filter((p) => !csp.includes(p) && !/axe/.test(p));
  check(others.length === 0, `no script errors${others.length ? `: ${others.join('; ')}` : ''}`);
} catch (error) {
  check(false, `the check stopped: ${error.message}`);
} finally {
  await browser.close();
  const code = await server.stop();
  check(code === 0, `Ctrl-C stops the server with exit code 0 (got ${code})`);
  rmSync(pack, { recursive: true, force: true });
}

if (failures > 0) {
  console.log(`serve browser check: ${failures} failed`);
  process.exit(1);
}
console.log('serve browser check passed: the page updates itself, shows findings, and has no axe-core violations.');
