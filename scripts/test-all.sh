#!/usr/bin/env bash
# The project's one test command (README, .ci/run): sets up everything (scripts/setup.sh,
# idempotent), then runs these stages in order and stops at the first failure:
#
#   setup        scripts/setup.sh
#   fmt          cargo fmt --check
#   clippy       cargo clippy --all-targets -- -D warnings              (native: engine, CLI, tests, benches)
#   clippy-wasm  cargo clippy --target wasm32-unknown-unknown ... -D warnings  (the Yew app + wasm tests)
#   native       cargo test: unit tests (--lib --bins), every tests/*.rs except conformance_* and
#                web_*, then doc tests
#   conformance  cargo test --test <each>: tests/conformance_*.rs and *_qemu.rs, against real QEMU
#                7.2 (/usr/bin) and 10.0 (.qemu/10.0, env IOMMU_TOPO_QEMU10_PREFIX)
#   wasm         wasm-pack test --headless --chrome: every test target built for wasm32, the
#                tests/web_*.rs ones run in headless Chromium (Debian's chromedriver)
#   bundle       trunk build --release --offline (dist/)
#   e2e          node e2e/run.mjs: e2e/tests/*.mjs (playwright-core) against dist/ served by
#                python3 -m http.server
#
# Test-file conventions (by file name, so nothing needs registering):
#   tests/conformance_*.rs, tests/*_qemu.rs  conformance stage only (they start real QEMU);
#   tests/web_*.rs          browser tests: `#![cfg(target_arch = "wasm32")]` +
#                           `wasm_bindgen_test_configure!(run_in_browser)`; wasm stage only;
#   any other tests/*.rs    native integration tests.
# The wasm stage is `wasm-pack test --headless --chrome --mode no-install` (no downloads: it
# uses the wasm-bindgen-test-runner and chromedriver already installed). wasm-pack builds
# *every* test target for wasm32, so native-only test files (they start QEMU or the CLI, or use
# proptest) carry `#![cfg(not(target_arch = "wasm32"))]` and compile to nothing there; so do
# the native-only lib test modules and the qemu_probe example.
# Each stage's output goes to the terminal and to test-artifacts/<n>-<stage>.log (git-ignored).
# Counts: libtest's "test result: ... N passed; M failed" lines (native, conformance, wasm) and
# node's "ℹ pass N / ℹ fail N" (e2e); a failing stage that reported no failed test (fmt, clippy,
# a build error) counts as 1 failed. The last line is always `N passed, M failed`; the exit
# status is non-zero on any failure. For development, STAGES="fmt native" runs only the listed
# stages (list `setup` too to include it).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export PATH="$ROOT/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export IOMMU_TOPO_QEMU10_PREFIX="${IOMMU_TOPO_QEMU10_PREFIX:-$ROOT/.qemu/10.0}"
# Quiet Chromium flags for wasm-bindgen-test-runner (it adds headless and no-sandbox itself).
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/tests/webdriver.json"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

ART="$ROOT/test-artifacts"
mkdir -p "$ART"
rm -f "$ART"/*.log

PASSED=0
FAILED=0
N=0
SUMMARY=()
START_ALL=$SECONDS

finish() {
  echo
  echo "== stages"
  printf '%s\n' "${SUMMARY[@]}"
  echo "total wall time: $((SECONDS - START_ALL)) s; logs in test-artifacts/"
  echo "$PASSED passed, $FAILED failed"
  if [ "$FAILED" -gt 0 ]; then exit 1; fi
  exit 0
}

want() { [ -z "${STAGES:-}" ] || [[ " $STAGES " == *" $1 "* ]]; }

# stage NAME KIND CMD...   KIND: check (no test counts) | libtest | node
stage() {
  local name="$1" kind="$2"
  shift 2
  want "$name" || return 0
  N=$((N + 1))
  local log
  log="$ART/$(printf '%02d' "$N")-$name.log"
  echo
  echo "== [$name] $*"
  local t0=$SECONDS
  "$@" </dev/null 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local dt=$((SECONDS - t0)) p=0 f=0
  case "$kind" in
    libtest)
      read -r p f < <(sed -nE 's/^test result: [A-Za-z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' "$log" |
        awk '{p+=$1; f+=$2} END {print p+0, f+0}')
      ;;
    node)
      p=$(sed -nE 's/^ℹ pass ([0-9]+)$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
      f=$(sed -nE 's/^ℹ (fail|cancelled) ([0-9]+)$/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
      ;;
  esac
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
  SUMMARY+=("$(printf '%-12s %-4s %5d s  %4d passed %4d failed' "$name" "$([ "$rc" -eq 0 ] && echo ok || echo FAIL)" "$dt" "$p" "$f")")
  if [ "$rc" -ne 0 ]; then
    echo "== [$name] FAILED (exit $rc); log: $log"
    finish
  fi
}

# Test targets by naming convention (see the header).
CONFORMANCE=()
NATIVE_TESTS=()
WEB_TESTS=()
for f in tests/*.rs; do
  [ -e "$f" ] || continue
  t="$(basename "$f" .rs)"
  case "$t" in
    conformance_* | *_qemu) CONFORMANCE+=(--test "$t") ;;
    web_*) WEB_TESTS+=(--test "$t") ;;
    *) NATIVE_TESTS+=(--test "$t") ;;
  esac
done

native_tests() {
  cargo test --locked --lib --bins "${NATIVE_TESTS[@]}" && cargo test --locked --doc
}
conformance_tests() {
  if [ "${#CONFORMANCE[@]}" = 0 ]; then
    echo "no tests/conformance_*.rs yet"
    return 0
  fi
  echo "QEMU 7.2: $(/usr/bin/qemu-system-x86_64 --version | head -n1)"
  echo "QEMU 10.0: $(QEMU_MODULE_DIR="$IOMMU_TOPO_QEMU10_PREFIX/usr/lib/x86_64-linux-gnu/qemu" \
    "$IOMMU_TOPO_QEMU10_PREFIX/usr/bin/qemu-system-x86_64" --version | head -n1)"
  cargo test --locked "${CONFORMANCE[@]}"
}
wasm_tests() {
  if [ "${#WEB_TESTS[@]}" = 0 ]; then
    echo "no tests/web_*.rs"
    return 0
  fi
  wasm-pack test --headless --chrome --mode no-install
}
e2e_tests() {
  rm -rf e2e/artifacts
  node e2e/run.mjs
}

stage setup check bash scripts/setup.sh
stage fmt check cargo fmt --check
stage clippy check cargo clippy --locked --all-targets -- -D warnings
stage clippy-wasm check cargo clippy --locked --target wasm32-unknown-unknown --lib --bins "${WEB_TESTS[@]}" -- -D warnings
stage native libtest native_tests
stage conformance libtest conformance_tests
stage wasm libtest wasm_tests
stage bundle check trunk build --release --offline
stage e2e node e2e_tests
finish
