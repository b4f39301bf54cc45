// Times the browser editor (SPEC section 12), for scripts/bench-editor.sh: `evidence-pack serve`
// on PACK, a decision record's form open in Debian's Chromium (playwright-core).
//   - pause to findings: the title is changed CHECKS times; each time, from the end of the pause
//     in typing (the moment the page sends the check) to the findings drawn on the form, as the
//     page itself measures it (data-check-ms on the form's root);
//   - save to written and preview updated (with SAVES > 0): the title changed and Save pressed,
//     from the press until both the page says it is saved and the server has rebuilt the preview
//     (its console line).
//
// Usage: node bench-editor.mjs BIN PACK CHECKS SAVES
// Prints one line: "check_median check_min check_max save_median save_min save_max" (ms; the save
// figures are 0 when SAVES is 0).

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, startServer } from './serve-support.mjs';

const [binary, pack, checksText, savesText] = process.argv.slice(2);
const checks = Number(checksText || 20);
const saves = Number(savesText || 0);
const folder = join(pack, 'content', 'decisions');
const first = readFileSync(join(folder, readdirSync(folder).sort()[0]), 'utf8');
const id = first.match(/^id = "([^"]+)"/m)[1];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : 0;
};

const server = await startServer(binary, pack);
const { context, close } = await launchChromium();
const checked = [];
const saved = [];
try {
  const page = await context.newPage();
  await page.goto(`${server.url}/edit/form?record=${encodeURIComponent(id)}`, { timeout: 120000 });
  const settled = () =>
    page.waitForFunction(() => {
      const root = document.getElementById('ed-root');
      return root.dataset.checked !== undefined && !root.dataset.pending;
    }, null, { timeout: 120000 });
  await settled();
  for (let i = 0; i < checks; i += 1) {
    const before = await page.evaluate(() => document.getElementById('ed-root').dataset.checked);
    await page.fill('#in-title', `Benchmark title ${i}`);
    await page.waitForFunction((b) => {
      const root = document.getElementById('ed-root');
      return root.dataset.checked !== b && !root.dataset.pending;
    }, before, { timeout: 120000 });
    checked.push(Number(await page.evaluate(() => document.getElementById('ed-root').dataset.checkMs)));
  }
  for (let i = 0; i < saves; i += 1) {
    await page.fill('#in-title', `Benchmark save ${i}`);
    await settled();
    const rebuilt = server.waitForLine((l) => l.includes('Rebuilt the page'), 'a rebuild after the save', 120000);
    const started = performance.now();
    await page.click('#ed-save');
    await page.locator('#ed-banner.ed-banner-success').waitFor({ timeout: 120000 });
    await rebuilt;
    saved.push(Math.round(performance.now() - started));
    await settled();
  }
} finally {
  await close();
  await server.stop();
}
const row = (xs) => (xs.length ? [median(xs), Math.min(...xs), Math.max(...xs)] : [0, 0, 0]);
console.log([...row(checked), ...row(saved)].join(' '));
