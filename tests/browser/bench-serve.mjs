// Times `evidence-pack serve` in a real browser, for scripts/bench-serve.sh: the page open in
// Debian's Chromium (playwright-core, no browser download), a decision record saved SAVES times
// (alternately in place and by rename), each timed from just before the save until the page
// shows the record's new title: the first animation frame (the moment before the browser paints)
// in which the title is on the page. The title is looked for with getElementById from the page's
// own script context: playwright's locators walk every element of the page (to look inside
// shadow roots), which at 10,000 records took most of the main thread and slowed the page itself.
//
// Usage: node bench-serve.mjs BIN PACK SAVES
// Prints one line: "median min max" in milliseconds.

import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchChromium } from './serve-support.mjs';

const [binary, pack, savesText] = process.argv.slice(2);
const saves = Number(savesText || 20);
const folder = join(pack, 'content', 'decisions');
const record = join(folder, readdirSync(folder).sort()[0]);
const original = readFileSync(record, 'utf8');
const id = original.match(/^id = "([^"]+)"/m)[1];
const anchor = id.toLowerCase().replace(/[^a-z0-9]+/g, '-');

const server = await startServer(binary, pack);
const { context, close } = await launchChromium();
const times = [];
try {
  const page = await context.newPage();
  await page.goto(server.url, { timeout: 120000 });
  const shows = (text) =>
    page.waitForFunction(
      ({ id, text }) => {
        const title = document.getElementById(id);
        return title !== null && title.textContent.includes(text);
      },
      { id: `${anchor}-title`, text },
      { polling: 'raf', timeout: 120000 },
    );
  for (let n = 0; n < saves; n += 1) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const text = original.replace(/^title = .*$/m, `title = "Bench save ${n}"`);
    const start = performance.now();
    if (n % 2 === 1) {
      const temp = join(folder, `.bench-${n}.tmp`);
      writeFileSync(temp, text);
      renameSync(temp, record);
    } else {
      writeFileSync(record, text);
    }
    await shows(`Bench save ${n}`);
    times.push(performance.now() - start);
  }
} finally {
  writeFileSync(record, original);
  await close();
  await server.stop();
}
times.sort((a, b) => a - b);
const mid = times.length / 2;
const median = times.length % 2 ? times[Math.floor(mid)] : (times[mid - 1] + times[mid]) / 2;
console.log(`${median.toFixed(0)} ${times[0].toFixed(0)} ${times[times.length - 1].toFixed(0)}`);
