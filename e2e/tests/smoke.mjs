// The app mounts in Chromium from the release bundle: product name, the SVG canvas, no errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openApp, screenshot } from '../lib.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('app renders the product name and the SVG canvas', async () => {
  const page = await openApp(browser);
  assert.match(await page.title(), /iommu-topo/);
  assert.match(await page.locator('body').innerText(), /iommu-topo/);
  const canvas = page.locator('svg[data-canvas]');
  assert.equal(await canvas.count(), 1);
  const box = await canvas.boundingBox();
  assert.ok(box && box.width > 100 && box.height > 100, `canvas too small: ${JSON.stringify(box)}`);
  const file = await screenshot(page, 'smoke-first-page');
  console.log(`screenshot: ${file}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
