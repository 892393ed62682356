// Runs the end-to-end tests: serves the release bundle (../dist, or E2E_DIST) with a plain
// static file server (python3 -m http.server, to prove dist/ needs nothing else), then runs
// every tests/*.mjs (or the files given as arguments) with node's test runner.
//
//   node e2e/run.mjs                 # all tests, against ../dist
//   node e2e/run.mjs tests/smoke.mjs # some tests
//   E2E_BASE_URL=http://127.0.0.1:8080/ node e2e/run.mjs   # against a running `trunk serve`
//
// The spec reporter's closing "ℹ pass N" / "ℹ fail N" lines are what scripts/test-all.sh counts.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.env.E2E_DIST ?? join(here, '..', 'dist'));

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function waitFor(url, server) {
  for (let i = 0; i < 200; i++) {
    if (server.exitCode !== null) throw new Error(`static server exited with ${server.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`static server did not answer at ${url}`);
}

let files = process.argv.slice(2);
if (files.length === 0) {
  files = readdirSync(join(here, 'tests'))
    .filter((f) => f.endsWith('.mjs'))
    .sort()
    .map((f) => join('tests', f));
}

let server = null;
let baseUrl = process.env.E2E_BASE_URL;
if (!baseUrl) {
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`no ${dist}/index.html: run \`trunk build --release --offline\` first`);
    process.exit(2);
  }
  const port = await freePort();
  server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dist], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  baseUrl = `http://127.0.0.1:${port}/`;
  await waitFor(baseUrl, server);
  console.log(`serving ${dist} at ${baseUrl} (python3 -m http.server)`);
}

const code = await new Promise((ok) => {
  const child = spawn(
    process.execPath,
    ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files],
    { cwd: here, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, E2E_BASE_URL: baseUrl } },
  );
  child.on('exit', (c, sig) => ok(c ?? (sig ? 1 : 0)));
});
if (server) server.kill();
process.exit(code);
