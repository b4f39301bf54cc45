// Editing in the browser (SPEC section 12), as a user does it: `evidence-pack serve` on a copy of
// a pack, Debian's Chromium through playwright-core, only the forms. Checks that:
//   - a new decision is written from blank to no findings using only the forms;
//   - "Record a review" adds one review and changes nothing else in the file;
//   - editing a title changes only that value: comments and every other byte are unchanged,
//     and "Undo the last save" puts the file back;
//   - emptying the rationale shows its finding on that field before anything is saved, and a
//     Markdown field's preview shows its text as the pack will;
//   - a file written behind the form is not overwritten: both versions show, and nothing is lost;
//   - a save replayed from another origin, or without its token, gets 403;
//   - every form has 0 axe-core violations (WCAG 2 A/AA) at 1280 and 390 px, no sideways
//     scrolling at 320 px, no script errors and no Content-Security-Policy violations.
// With SCREENSHOTS=DIR, every form is also photographed at 1280 and 390 px into DIR.
//
// Usage: node editor.mjs BIN PACK      (PACK is copied; the copy is changed, never PACK itself)
// Exit code: 0 when every check passes, 1 when any fails, 2 when the check could not run.

import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, startServer } from './serve-support.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PATIENCE = 30000;
const SHOTS = process.env.SCREENSHOTS || '';

const [binary, source] = process.argv.slice(2);
if (!binary || !source) {
  console.error('usage: node editor.mjs BIN PACK');
  process.exit(2);
}

const pack = mkdtempSync(join(tmpdir(), 'evidence-pack-editor-pack-'));
for (const part of ['pack.toml', 'content', 'frameworks', 'templates', 'tenders', 'private']) {
  if (existsSync(join(source, part))) cpSync(join(source, part), join(pack, part), { recursive: true });
}
const decisions = join(pack, 'content', 'decisions');
const files = readdirSync(decisions).filter((f) => f.endsWith('.toml')).sort();
const fileOf = (n) => join(decisions, files[n]);
const idOfFile = (n) => readFileSync(fileOf(n), 'utf8').match(/^id = "([^"]+)"/m)[1];
// Comments the form never shows, which must survive a save byte for byte.
const titled = fileOf(2);
writeFileSync(titled, '# Written with the person, in her words.\n' + readFileSync(titled, 'utf8').replace(/^(title = .*)$/m, '$1  # her own title\n'));
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

let failures = 0;
const check = (ok, message) => {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (!ok) failures += 1;
};

let server;
try {
  server = await startServer(binary, pack);
} catch (error) {
  console.error(`editor browser check could not start the server: ${error.message}`);
  process.exit(2);
}
const browser = await launchChromium();
const page = await browser.context.newPage();
const problems = [];
page.on('console', (m) => {
  if (m.type() === 'error') problems.push(m.text());
});
page.on('pageerror', (e) => problems.push(e.message));
page.on('response', (r) => {
  if (r.status() >= 400 && r.status() !== 409) problems.push(`${r.status()} for ${r.url()} ${(r.request().postData() || '').slice(0, 80)} from ${page.url()}`);
});
page.on('dialog', (d) => d.accept());

const settle = async () => {
  // The check runs after a pause in typing; wait for the last one to come back.
  await page.waitForTimeout(600);
  await page.waitForFunction(() => {
    const root = document.getElementById('ed-root');
    return root.dataset.findings !== undefined && !root.dataset.pending;
  }, null, { timeout: PATIENCE });
};
const findings = () => page.evaluate(() => Number(document.getElementById('ed-root').dataset.findings));
const summary = () => page.evaluate(() => document.getElementById('ed-summary').innerText);

async function axe(name) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(async (tags) => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    }, TAGS);
    check(result.length === 0, `${name}: axe-core at ${width} px: ${result.length} violations${result.length ? `\n      ${result.join('\n      ')}` : ''}`);
    if (SHOTS) {
      // In pieces of 1,600 px, which an image viewer shows whole.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let y = 0, k = 1; y < height; y += 1600, k += 1) {
        const clip = { x: 0, y, width, height: Math.min(1600, height - y) };
        await page.screenshot({ path: join(SHOTS, `${name}-${width}-${k}.png`), clip, fullPage: true });
      }
    }
  }
  await page.setViewportSize({ width: 320, height: 900 });
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  check(!sideways, `${name}: no sideways scrolling at 320 px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

const open = async (query) => {
  await page.goto(`${server.url}/edit/form?${query}`);
  await page.waitForFunction(() => document.getElementById('ed-body') !== null);
};

// The form's own description of itself, to fill each field the way a person would.
const formData = () => page.evaluate(() => JSON.parse(document.getElementById('ed-data').textContent));
const idOf = (path) => path.map(String).join('-').replace(/[^A-Za-z0-9_-]/g, '_');
const dotted = (path) => path.reduce((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');

async function fill(fields, values, path) {
  for (const f of fields) {
    const v = values[f.key];
    if (v === null || v === undefined || f.key === 'id') continue;
    const here = [...path, f.key];
    const sel = `#in-${idOf(here)}`;
    switch (f.type) {
      case 'group':
        await fill(f.fields, v, here);
        break;
      case 'list':
        for (let i = 0; i < v.length; i++) {
          await page.locator(`#f-${idOf(here)} > button`, { hasText: `Add another ${f.item}` }).click();
          await fill(f.fields, v[i], [...here, i]);
        }
        break;
      case 'choice':
        if (f.widget === 'select') await page.selectOption(sel, v);
        else await page.check(`input[name="${dotted(here)}"][value="${v}"]`);
        break;
      case 'choices':
        for (const one of v) {
          const k = f.options.findIndex((o) => o.value === one);
          await page.check(k === 0 ? sel : `${sel}-${k}`);
        }
        break;
      case 'boolean':
        if (v) await page.check(sel);
        break;
      case 'lines':
        await page.fill(sel, v.join('\n'));
        break;
      default:
        await page.fill(sel, String(v));
    }
  }
}

try {
  // ---- The list of records, and the way there from the preview.
  await page.goto(server.url);
  check(await page.locator('a[href="/edit"]').count() > 0, 'the preview links to the editor');
  check(await page.locator(`a[href="/edit/form?record=${idOfFile(0)}&form=review"]`).count() === 1, 'each record in the preview has "Record a review"');
  await page.goto(`${server.url}/edit`);
  await axe('records');

  // ---- A new decision, from blank to no findings, with the forms only.
  await open(`record=${idOfFile(0)}`);
  const model = (await formData()).loaded.values;
  await axe('decision');
  await page.click('#tab-text');
  await page.waitForSelector('#in-text');
  await settle();
  await axe('text-tab');

  await page.goto(`${server.url}/edit`);
  await page.click('text=New decision');
  await page.waitForSelector('#in-title');
  await axe('new-decision');
  const blank = await formData();
  const newId = blank.loaded.values.id;
  await fill(blank.fields, { ...model, title: 'Going to the gym on my own' }, []);
  await settle();
  const left = await findings();
  check(left === 0, `the new decision, filled in with the forms, has no findings (${left}${left ? `: ${await summary()}` : ''})`);
  await page.click('#ed-save');
  await page.waitForURL(/saved=1/, { timeout: PATIENCE });
  const newFile = join(decisions, readdirSync(decisions).find((f) => f.startsWith(newId.toLowerCase())) || 'missing');
  check(existsSync(newFile), `saved as a new file: ${newFile.slice(pack.length + 1)}`);
  check(
    (await page.locator('#ed-banner').innerText()).includes(`Saved ${newId} to content/decisions/`),
    'the page says what was saved and where',
  );
  await settle();
  check((await findings()) === 0, 'and read back from its file it still has no findings');

  // ---- Record a review: one review added, nothing else changed.
  const reviewed = fileOf(1);
  const beforeReview = readFileSync(reviewed, 'utf8');
  await open(`record=${idOfFile(1)}&form=review`);
  await axe('record-a-review');
  const reviewFields = (await formData()).fields.find((f) => f.key === 'reviews');
  const index = (beforeReview.match(/^\[\[reviews\]\]/gm) || []).length;
  await fill(reviewFields.fields, { on: '2026-10-30', by: 'Key worker', outcome: 'Going well; no changes needed.', person_view: 'I like it as it is.' }, ['reviews', index]);
  await page.click('#ed-save');
  await page.locator('#ed-banner.ed-banner-success').waitFor({ timeout: PATIENCE });
  const afterReview = readFileSync(reviewed, 'utf8');
  const oldLines = beforeReview.split('\n');
  const newLines = afterReview.split('\n');
  let head = 0;
  while (head < oldLines.length && oldLines[head] === newLines[head]) head += 1;
  let tail = 0;
  while (tail < oldLines.length - head && oldLines[oldLines.length - 1 - tail] === newLines[newLines.length - 1 - tail]) tail += 1;
  const added = newLines.slice(head, newLines.length - tail);
  check(head + tail === oldLines.length && added.some((l) => l === '[[reviews]]') && added.includes('by = "Key worker"') && added.length <= 7,
    `"Record a review" adds one review and keeps every other line (${added.length} lines added)`);

  await open(`record=${idOfFile(1)}&form=incident`);
  await axe('record-an-incident');

  // ---- A title edited: comments and every other byte unchanged; then undone.
  const beforeTitle = readFileSync(titled, 'utf8');
  await open(`record=${idOfFile(2)}`);
  await page.fill('#in-title', 'Going to bed when I choose, every night');
  await page.click('#ed-save');
  await page.locator('#ed-banner.ed-banner-success').waitFor({ timeout: PATIENCE });
  const afterTitle = readFileSync(titled, 'utf8');
  const expected = beforeTitle.replace(/^title = "[^"]*"/m, 'title = "Going to bed when I choose, every night"');
  check(afterTitle === expected, 'editing a title changes only the title: the comments and every other byte are unchanged');
  await page.click('#ed-undo');
  await page.locator('#ed-banner.ed-banner-success', { hasText: 'Restored' }).waitFor({ timeout: PATIENCE });
  check(readFileSync(titled, 'utf8') === beforeTitle, '"Undo the last save" puts the file back byte for byte');
  await page.click('.ed-details summary');
  check(await page.locator('#ed-versions li').count() >= 2, 'earlier versions are listed to restore');
  await axe('after-save');

  // ---- The rationale emptied: its finding shows on that field before anything is saved.
  const rationaleFile = fileOf(3);
  const beforeRationale = readFileSync(rationaleFile, 'utf8');
  await open(`record=${idOfFile(3)}`);
  await settle();
  await page.fill('#in-decision-rationale', '');
  await settle();
  const onField = await page.locator('#msg-decision-rationale').innerText();
  check(onField.startsWith('Error:'), `the emptied rationale's finding shows on its field: ${onField.split('\n')[0]}`);
  check(await page.locator('#ed-summary a[href="#in-decision-rationale"]').count() > 0, 'and the error summary at the top links to the field');
  check(readFileSync(rationaleFile, 'utf8') === beforeRationale, 'before anything is saved');
  // A Markdown field shows how it will look in the pack.
  await page.fill('#in-decision-rationale', 'She **chose** it, and it is proportionate.');
  await page.locator('#f-decision-rationale .ed-preview-toggle').click();
  await page.locator('#pv-decision-rationale strong', { hasText: 'chose' }).waitFor({ timeout: PATIENCE });
  check(true, 'a Markdown field shows how it will look');
  await page.fill('#in-decision-rationale', '');
  await settle();
  await axe('with-findings');

  // ---- A conflict: the file written behind the form; both versions shown; nothing lost.
  const conflictFile = fileOf(4);
  await open(`record=${idOfFile(4)}`);
  let replayed = null;
  page.on('request', (r) => {
    if (r.url().endsWith('/edit/save') && !replayed) replayed = { body: r.postData(), headers: r.headers() };
  });
  await page.fill('#in-title', 'My own title, from the form');
  const theirs = readFileSync(conflictFile, 'utf8').replace(/^person = "([^"]*)"/m, 'person = "$1-B"');
  writeFileSync(conflictFile, theirs);
  await page.click('#ed-save');
  await page.locator('.ed-banner-conflict').waitFor({ timeout: PATIENCE });
  check(readFileSync(conflictFile, 'utf8') === theirs, 'a file changed behind the form is not overwritten');
  const rows = await page.locator('.ed-conflict tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.key));
  check(rows.includes('title') && rows.includes('person'), `both versions are shown field by field (${rows.join(', ')})`);
  await axe('conflict');
  const starts = async (key) => page.locator(`input[name="keep-${rows.indexOf(key)}"]:checked`).getAttribute('value');
  check(await starts('title') === 'mine' && await starts('person') === 'theirs',
    'what I changed starts on "Keep mine", what only they changed on "Use theirs"');
  await page.check('input[name="keep-' + rows.indexOf('person') + '"][value="theirs"]');
  await page.click('#ed-resolve');
  await page.locator('#ed-banner.ed-banner-success').waitFor({ timeout: PATIENCE });
  const merged = readFileSync(conflictFile, 'utf8');
  check(merged.includes('title = "My own title, from the form"') && /^person = "[^"]*-B"/m.test(merged),
    'keeping my title and their person: both are in the file, nothing lost');

  // ---- A save replayed from another origin, or without its token: 403.
  const replay = async (headers) => (await fetch(`${server.url}/edit/save`, { method: 'POST', headers, body: replayed.body })).status;
  const token = replayed.headers['x-evidence-pack-token'];
  const beforeReplay = readFileSync(conflictFile, 'utf8');
  check(await replay({ 'Content-Type': 'application/json', 'X-Evidence-Pack-Token': token, Origin: 'http://evil.example' }) === 403, 'a save replayed from another origin gets 403');
  check(await replay({ 'Content-Type': 'application/json', Origin: server.url }) === 403, 'a save replayed without its token gets 403');
  check(readFileSync(conflictFile, 'utf8') === beforeReplay, 'and writes nothing');

  // ---- Every other form.
  await open('record=~pack');
  await axe('pack-settings');
  await page.goto(`${server.url}/edit`);
  await page.locator('a', { hasText: 'Edit' }).filter({ hasText: /PX-/ }).first().click();
  await page.waitForSelector('#in-title');
  await axe('example');
  await page.goto(`${server.url}/edit`);
  const answers = page.locator('h2:has-text("Tender answers") + ul a');
  // The demo pack has a tender: its answers have a form too, and it is checked like the others.
  check(await answers.count() > 0, 'the list has the tender answers');
  if (await answers.count()) {
    await answers.first().click();
    await page.waitForSelector('#ed-body');
    await axe('answer');
  }

  const csp = problems.filter((p) => /Content Security Policy|Refused to/.test(p));
  check(csp.length === 0, `no Content-Security-Policy violations${csp.length ? `: ${csp.join('; ')}` : ''}`);
  const others = problems.filter((p) => !csp.includes(p) && !/axe|409 \(Conflict\)|status of 409/.test(p));
  check(others.length === 0, `no script errors${others.length ? `: ${others.join('; ')}` : ''}`);
} catch (error) {
  check(false, `the check stopped: ${error.stack || error.message}`);
} finally {
  await browser.close();
  const code = await server.stop();
  check(code === 0, `Ctrl-C stops the server with exit code 0 (got ${code})`);
  rmSync(pack, { recursive: true, force: true });
}

if (failures > 0) {
  console.log(`editor browser check: ${failures} failed`);
  process.exit(1);
}
console.log('editor browser check passed: forms from blank to no findings, a review, a title, a finding on its field, a conflict, 403 for replays, 0 axe-core violations.');
