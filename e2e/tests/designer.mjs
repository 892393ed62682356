// The designer end to end, against the release bundle: palette drags onto buses, the bypass
// switch, an invalid drop, presets, Copy, autosave. Screenshots of each state go to
// e2e/artifacts/designer-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openApp, screenshot } from '../lib.mjs';
import { commandLine, dragTo, dropDriver, until } from '../designer-lib.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const row = (page, id) => page.locator(`[data-device-row="${id}"]`);

test('drag pxb, root port and NIC; bypass toggle; invalid drop; undo', async () => {
  const page = await openApp(browser, { viewport: { width: 1280, height: 720 } });
  assert.equal(await page.locator('select[data-field="machine"]').inputValue(), 'q35');
  assert.equal(await page.locator('select[data-field="viommu"]').inputValue(), 'intel-iommu');
  await screenshot(page, 'designer-0-start');

  await dropDriver(page, 'pxb-pcie', 'pcie.0');
  await page.locator('[data-node-id="pxb1"]').waitFor();
  assert.equal(await page.locator('[data-node-id="pxb1"]').getAttribute('data-kind'), 'pxb-pcie');
  await page.locator('[data-bus="pxb1"]').waitFor();

  await dropDriver(page, 'pcie-root-port', 'pxb1');
  await page.locator('[data-node-id="rp1"]').waitFor();

  // Invalid: an endpoint straight onto the pxb-pcie root bus. Nothing changes; QEMU's reason shows.
  const lineBefore = await commandLine(page);
  await dropDriver(page, 'virtio-net-pci', 'pxb1');
  const notice = page.locator('[data-notice]');
  await notice.waitFor();
  assert.match(await notice.textContent(), /Only PCI\/PCIe bridges can be plugged into pxb-pcie/);
  assert.equal(await page.locator('[data-node-id="nic1"]').count(), 0);
  assert.equal(await commandLine(page), lineBefore);
  await screenshot(page, 'designer-1-invalid-drop');

  await dropDriver(page, 'virtio-net-pci', 'rp1');
  await page.locator('[data-node-id="nic1"]').waitFor();
  assert.equal(await row(page, 'nic1').getAttribute('data-translation'), 'iommu');
  assert.match(await row(page, 'nic1').getAttribute('data-bdf'), /^[0-9a-f]{2}:00\.0$/);
  const dmar = page.locator('[data-acpi-table="DMAR"]');
  const hexBefore = await dmar.getAttribute('data-hex');
  assert.ok(hexBefore.startsWith('444d4152'), 'DMAR signature');
  assert.doesNotMatch(await commandLine(page), /bypass_iommu=on/);
  await screenshot(page, 'designer-2-nic-translated');

  await page.locator('[data-node-id="pxb1"] [data-action="toggle-bypass"]').click();
  await until(async () => (await row(page, 'nic1').getAttribute('data-translation')) === 'bypass', 'nic1 bypass');
  assert.notEqual(await dmar.getAttribute('data-hex'), hexBefore);
  assert.match(await commandLine(page), /bypass_iommu=on/);
  await page.locator('[data-tab="acpi"]').click();
  await page.locator('[data-acpi-changes="DMAR"]').waitFor();
  await screenshot(page, 'designer-3-pxb-bypass-acpi');

  // Select the NIC: the inspector shows its reason chain.
  await page.locator('[data-node-id="nic1"]').click();
  await page.locator('[data-inspector="nic1"] [data-reason]').waitFor();
  assert.match(await page.locator('[data-inspector="nic1"] [data-reason]').textContent(), /bypass/i);
  await screenshot(page, 'designer-4-inspector');

  await page.locator('[data-action="undo"]').click();
  await until(async () => (await row(page, 'nic1').getAttribute('data-translation')) === 'iommu', 'undo');
  assert.equal(await dmar.getAttribute('data-hex'), hexBefore);

  // Move the NIC's port subtree is not allowed below itself; delete the root port with its NIC.
  await page.locator('[data-node-id="rp1"]').click();
  await page.keyboard.press('Delete');
  await until(async () => (await page.locator('[data-node-id="nic1"]').count()) === 0, 'subtree deleted');
  assert.equal(await page.locator('[data-node-id="rp1"]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('moving a node re-parents it with its subtree', async () => {
  const page = await openApp(browser);
  await dropDriver(page, 'pcie-root-port', 'pcie.0');
  await page.locator('[data-node-id="rp1"]').waitFor();
  await dropDriver(page, 'x3130-upstream', 'rp1');
  await page.locator('[data-node-id="up1"]').waitFor();
  await dropDriver(page, 'pcie-root-port', 'pcie.0');
  await page.locator('[data-node-id="rp2"]').waitFor();
  await dragTo(page, '[data-node-id="up1"] rect.box', 'rp2');
  await until(async () => /x3130-upstream,id=up1,bus=rp2|id=up1[^ ]*bus=rp2/.test(await commandLine(page)), 'up1 moved to rp2');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('presets load from their command lines', async () => {
  const page = await openApp(browser);
  await page.locator('[data-preset="seed-virt"]').click();
  await until(async () => /^qemu-system-aarch64 /.test(await commandLine(page)), 'virt line');
  assert.equal(await page.locator('select[data-field="machine"]').inputValue(), 'virt');
  assert.equal(await page.locator('select[data-field="viommu"]').inputValue(), 'smmuv3');
  await page.locator('[data-acpi-table="IORT"]').waitFor({ state: 'attached' });
  await page.locator('[data-preset-info="seed-virt"]').waitFor();
  await screenshot(page, 'designer-5-seed-virt');

  await page.locator('[data-preset="passthrough-bypass"]').click();
  await page.locator('[data-node-id="hostdev1"]').waitFor();
  assert.equal(await row(page, 'hostdev1').getAttribute('data-translation'), 'bypass');
  assert.equal(await page.locator('[data-node-id="hostdev1"] [data-risk]').count(), 1);
  await screenshot(page, 'designer-6-passthrough-risk');

  await page.locator('[data-preset="amd-switch-bridge"]').click();
  await page.locator('[data-acpi-table="IVRS"]').waitFor({ state: 'attached' });
  await screenshot(page, 'designer-7-amd');
  await page.locator('[data-tab="diagnostics"]').click();
  await screenshot(page, 'designer-8-diagnostics');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Copy puts the command line on the clipboard', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  await page.goto(process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080/');
  await page.locator('svg[data-canvas]').waitFor();
  await page.locator('[data-preset="seed-q35"]').click();
  await until(async () => /pxb-pcie/.test(await commandLine(page)), 'seed-q35 loaded');
  await page.locator('[data-action="copy-command"]').click();
  const expected = await commandLine(page);
  const copied = await until(async () => {
    const t = await page.evaluate(() => navigator.clipboard.readText());
    return t === expected ? t : null;
  }, 'clipboard');
  assert.equal(copied, expected);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('autosave restores the design; a corrupt save gives a message and the default', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080/');
  await page.locator('svg[data-canvas]').waitFor();
  await dropDriver(page, 'pcie-root-port', 'pcie.0');
  await page.locator('[data-node-id="rp1"]').waitFor();
  await page.reload();
  await page.locator('[data-node-id="rp1"]').waitFor();
  await page.evaluate(() => localStorage.setItem('iommu-topo.design', '{"devices": 12'));
  await page.reload();
  await page.locator('[data-notice]').waitFor();
  assert.match(await page.locator('[data-notice]').textContent(), /could not be read/);
  assert.equal(await page.locator('[data-node-id="rp1"]').count(), 0);
  await context.close();
});
