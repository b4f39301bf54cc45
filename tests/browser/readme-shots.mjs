// The README's pictures of the editor (docs/images/editor*.png): `evidence-pack serve` on a copy of
// the demo pack, Debian's Chromium through playwright-core, 1000 px wide.
//
// Usage: node readme-shots.mjs BIN PACK OUT_DIR      (PACK is copied; the copy is changed)

import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, startServer } from './serve-support.mjs';

const [binary, source, out] = process.argv.slice(2);
if (!binary || !source || !out) {
  console.error('usage: node readme-shots.mjs BIN PACK OUT_DIR');
  process.exit(2);
}
const pack = mkdtempSync(join(tmpdir(), 'evidence-pack-shots-'));
for (const part of ['pack.toml', 'content', 'frameworks', 'templates', 'tenders', 'private']) {
  if (existsSync(join(source, part))) cpSync(join(source, part), join(pack, part), { recursive: true });
}
const server = await startServer(binary, pack);
const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1000, height: 900 });
  const settle = async () => {
    await page.waitForTimeout(800);
    await page.waitForFunction(() => {
      const root = document.getElementById('ed-root');
      return root.dataset.findings !== undefined && !root.dataset.pending;
    }, null, { timeout: 30000 });
  };
  // A record's form, as it opens.
  await page.goto(`${server.url}/edit/form?record=D-001`);
  await settle();
  await page.screenshot({ path: join(out, 'editor.png') });
  // A finding on its field, shown before anything is saved.
  await page.fill('#in-decision-rationale', 'Her choice.');
  await settle();
  await page.locator('#f-decision-rationale').scrollIntoViewIfNeeded();
  await page.evaluate(() => {
    const box = document.getElementById('f-decision-rationale').getBoundingClientRect();
    window.scrollBy(0, box.top - 24);
  });
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.screenshot({ path: join(out, 'editor-finding.png'), clip: { x: 0, y: 0, width: 1000, height: 560 } });
} finally {
  await browser.close();
  await server.stop();
  rmSync(pack, { recursive: true, force: true });
}
