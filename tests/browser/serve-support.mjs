// Shared by the `serve` browser test and benchmark: start and stop `evidence-pack serve`, and
// start Debian's Chromium through playwright-core (which never downloads a browser).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Starts `BIN serve PACK --port 0 ...extra`; resolves once it has said where it serves. */
export function startServer(binary, pack, extra = []) {
  const child = spawn(binary, ['serve', pack, '--port', '0', '--as-of', '2026-11-01', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  const lines = [];
  const waiters = [];
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    let end;
    while ((end = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  /** The next line printed from now on that `test` accepts. */
  const waitForLine = (test, what, timeout = 30000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve never printed ${what}`)), timeout);
      waiters.push({
        test,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });

  return new Promise((resolve, reject) => {
    exited.then(({ code }) => reject(new Error(`serve ended early (exit code ${code})`)));
    waitForLine((l) => l.startsWith('Serving '), 'where it serves').then((line) => {
      const url = line.match(/http:\/\/127\.0\.0\.1:\d+/)[0];
      resolve({
        url,
        lines,
        waitForLine,
        /** Ctrl-C: resolves with the exit code. */
        stop: async () => {
          if (child.exitCode === null) {
            child.kill('SIGINT');
          }
          const { code } = await exited;
          return code;
        },
      });
    }, reject);
  });
}

/** Debian's Chromium (or $CHROMIUM), headless, with a throw-away profile. */
export async function launchChromium() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'evidence-pack-serve-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // A British reader (headless Chromium still shows date fields as mm/dd/yyyy).
    locale: 'en-GB',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
