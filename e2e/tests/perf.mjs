// Drag performance with a ~300-function design: the app marks `edit-start` on pointer release
// and measures `analyze+render` after the render that follows; this reads those entries over
// repeated drops (each undone) and writes median / p95 to e2e/artifacts/perf.json (copied into
// BENCHMARKS.md by hand). It asserts only that every drop was measured, never a duration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, BASE_URL, launchBrowser, screenshot } from '../lib.mjs';
import { dropDriver, until } from '../designer-lib.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** q35 + intel-iommu: 9 root ports, each with a pcie-pci-bridge carrying 31 e1000s (≈300 functions). */
function bigDesign() {
  const devices = [{ id: 'iommu1', driver: 'intel-iommu' }];
  for (let p = 1; p <= 9; p++) {
    devices.push({ id: `rp${p}`, driver: 'pcie-root-port', bus: 'pcie.0', props: { chassis: p } });
    devices.push({ id: `br${p}`, driver: 'pcie-pci-bridge', bus: `rp${p}` });
    for (let n = 1; n <= 31; n++) {
      devices.push({ id: `nic${p}x${n}`, driver: 'e1000', bus: `br${p}`, addr: { slot: n, function: 0 } });
    }
  }
  return { machine: { type: 'q35' }, nodefaults: true, devices };
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
};

test('drag step analyze+render with ~300 functions', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(BASE_URL);
  await page.locator('svg[data-canvas]').waitFor();
  await page.evaluate((json) => localStorage.setItem('iommu-topo.design', json), JSON.stringify(bigDesign()));
  await page.reload();
  await page.locator('[data-node-id="nic9x31"]').waitFor({ state: 'attached' });
  const functions = await page.locator('[data-device-row]').count();
  await screenshot(page, 'perf-300');
  const samples = [];
  const reduces = [];
  for (let i = 0; i < 12; i++) {
    await page.evaluate(() => performance.clearMeasures());
    await dropDriver(page, 'virtio-net-pci', 'pcie.0');
    await page.locator('[data-node-id="nic1"]').waitFor({ state: 'attached' });
    const d = await until(() => page.evaluate(() => performance.getEntriesByName('analyze+render').map((e) => e.duration)[0]), 'measure');
    samples.push(d);
    reduces.push(await page.evaluate(() => performance.getEntriesByName('reduce (analyze + diff)').map((e) => e.duration).pop()));
    await page.evaluate(() => performance.clearMeasures());
    await page.locator('[data-action="undo"]').click();
    await until(async () => (await page.locator('[data-node-id="nic1"]').count()) === 0, 'undone');
  }
  const result = { functions, drops: samples.length, median_ms: quantile(samples, 0.5), p95_ms: quantile(samples, 0.95),
    reduce_median_ms: quantile(reduces, 0.5), reduce_p95_ms: quantile(reduces, 0.95), samples, reduces };
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'perf.json'), JSON.stringify(result, null, 2));
  console.log(`perf: ${JSON.stringify(result)}`);
  assert.equal(samples.length, 12);
  assert.ok(functions >= 290, `only ${functions} functions`);
  await context.close();
});
