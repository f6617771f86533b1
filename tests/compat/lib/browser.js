// Headless Chromium for the console tests: Debian's /usr/bin/chromium (or TIDINGS_CHROMIUM) driven by
// playwright-core, which downloads no browser of its own. Screenshots go to artifacts/console/ (git-ignored; CI
// keeps them as artefacts).
//
//   const browser = useBrowser();                       // launched in before, closed in after
//   const page = await browser.page(env, {width: 390, height: 844});
//   await browser.screenshot(page, 'pubsub-phone');

import {existsSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before} from 'node:test';
import {chromium} from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifactDir = path.resolve(here, '..', 'artifacts', 'console');
const executablePath = process.env.TIDINGS_CHROMIUM ?? '/usr/bin/chromium';

export const DESKTOP = Object.freeze({name: 'desktop', width: 1280, height: 800});
export const PHONE = Object.freeze({name: 'phone', width: 390, height: 844});

export function useBrowser() {
  const state = {browser: undefined, contexts: []};
  before(async () => {
    if (!existsSync(executablePath)) {
      throw new Error(`Chromium is not at ${executablePath}: apt-get install -y chromium (or set TIDINGS_CHROMIUM).`);
    }
    mkdirSync(artifactDir, {recursive: true});
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    state.browser = await chromium.launch({executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu']});
  });
  after(async () => {
    await state.browser?.close();
  });
  return {
    /** A fresh page at the viewport's size, its console errors failing the test that reads `page.errors`. */
    async page(env, viewport) {
      const context = await state.browser.newContext({
        viewport: {width: viewport.width, height: viewport.height},
        baseURL: env.server.baseUrl,
      });
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', error => page.errors.push(error.message));
      page.on('console', message => { if (message.type() === 'error') page.errors.push(message.text()); });
      page.setDefaultTimeout(10_000);
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({path: path.join(artifactDir, `${name}.png`), fullPage: true});
    },
  };
}
