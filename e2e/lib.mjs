// Shared helpers for the end-to-end tests in tests/*.mjs (node:test + playwright-core).
//
// The app under test is the release bundle (`trunk build --release`) served by a plain static
// file server; run.mjs starts that server and passes its URL in E2E_BASE_URL.
// The browser is Debian's Chromium: nothing ever downloads a browser.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root URL of the app, with a trailing slash. */
export const BASE_URL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080/';

/** Where screenshots and other artifacts go (git-ignored). */
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

/** Chromium flags: quiet (no background network, no updates, no sync), headless, as root. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches Debian's Chromium (override the path with CHROMIUM=...). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Opens the app in a new page (1280x800) and waits until the Yew app has mounted its canvas.
 * `page.errors` collects uncaught page errors and console errors: tests should assert it is empty.
 */
export async function openApp(browser, { path = '', viewport = { width: 1280, height: 800 } } = {}) {
  const page = await browser.newPage({ viewport });
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.errors.push(`console: ${msg.text()}`);
  });
  await page.goto(new URL(path, BASE_URL).href);
  await page.waitForSelector('svg[data-canvas]', { timeout: 20_000 });
  return page;
}

/** Saves a full-page screenshot as artifacts/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
