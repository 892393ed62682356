// Helpers for the designer tests: pointer drags from the palette or a node onto a bus bar.

/** Centre of the first element matching `selector`. */
export async function centre(page, selector) {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`no box for ${selector}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Presses on `from`, moves in steps onto the bar of bus `bus`, releases. */
export async function dragTo(page, from, bus) {
  const a = await centre(page, from);
  const b = await centre(page, `[data-bus="${bus}"] rect.bar`);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

/** Drags palette driver `driver` onto bus `bus`. */
export function dropDriver(page, driver, bus) {
  return dragTo(page, `[data-palette-item="${driver}"]`, bus);
}

/** The one-line command line. */
export function commandLine(page) {
  return page.locator('[data-output="command-line"]').textContent();
}

/** Polls `fn` until it returns a truthy value (no timed asserts: bounded by the test timeout). */
export async function until(fn, what) {
  for (let i = 0; i < 400; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never happened: ${what}`);
}
