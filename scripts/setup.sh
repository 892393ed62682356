#!/usr/bin/env bash
# Idempotent set-up of everything iommu-topo needs on Debian 12 (bookworm), x86_64:
#   apt: chromium + chromium-driver, acpica-tools; Debian's QEMU 7.2 (qemu-system-x86/-arm,
#        seabios, qemu-efi-aarch64) in its own apt call;
#   QEMU 10.0 from bookworm-backports, unpacked (not installed) into <repo>/.qemu/10.0;
#   rustup: the wasm32-unknown-unknown target (and rustfmt/clippy);
#   cargo install: wasm-bindgen-cli (= the wasm-bindgen version in Cargo.lock), trunk, wasm-pack;
#   npm ci in e2e/: playwright-core (drives Debian's Chromium; no browser download) and
#        binaryen (wasm-opt 132: Debian's wasm-opt 108 can't parse our wasm);
#   cargo fetch, so that `--offline` builds work.
# Every step is skipped, with a "present" line, when already done at the pinned version.
# Nothing is downloaded from anywhere but the package registries (deb.debian.org, crates.io,
# npm); Trunk.toml `[tools]` pins wasm-bindgen/wasm-opt to the local ones so Trunk downloads
# nothing. See ../shared/toolchain.md for why each pin and flag is there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION=0.22.1        # declares rust-version 1.96.1: installed with --ignore-rust-version
WASM_PACK_VERSION=0.15.1
# QEMU 10.0 from bookworm-backports (Debian version string, epoch included).
QEMU10_DEB_VERSION="1:10.0.2+ds-2+deb13u1~bpo12+1"
QEMU10_PREFIX="$ROOT/.qemu/10.0"
QEMU10_DEBS=(qemu-system-x86 qemu-system-arm qemu-system-common qemu-system-data)
APT_BASE=(chromium chromium-driver acpica-tools)
APT_QEMU=(qemu-system-x86 qemu-system-arm seabios qemu-efi-aarch64)

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "not root and no sudo: apt steps need root"
  SUDO=(sudo -n)
fi
export DEBIAN_FRONTEND=noninteractive

# --- apt --------------------------------------------------------------------------------------
apt_updated=0
apt_update() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    "${SUDO[@]}" apt-get update -q
    apt_updated=1
  fi
}
pkg_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
# apt_ensure PKG...: one apt-get install call for the missing ones.
apt_ensure() {
  local missing=() p
  for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
  if [ "${#missing[@]}" = 0 ]; then
    log "apt present: $*"
  else
    apt_update
    log "apt-get install ${missing[*]}"
    "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_ensure nodejs npm
command -v python3 >/dev/null 2>&1 || apt_ensure python3
apt_ensure "${APT_BASE[@]}"
# The QEMU packages get their own call: one combined call has failed to resolve here.
apt_ensure "${APT_QEMU[@]}"

# --- QEMU 10.0 (bookworm-backports), unpacked into .qemu/10.0 ------------------------------------
qemu10_ok() {
  local b
  for b in x86_64 aarch64; do
    [ -x "$QEMU10_PREFIX/usr/bin/qemu-system-$b" ] || return 1
    "$QEMU10_PREFIX/usr/bin/qemu-system-$b" --version 2>/dev/null | head -n1 |
      grep -q '^QEMU emulator version 10\.0\.' || return 1
  done
}
if qemu10_ok; then
  log "QEMU 10.0 present: $("$QEMU10_PREFIX/usr/bin/qemu-system-x86_64" --version | head -n1)"
else
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    log "adding the bookworm-backports apt source"
    printf '%s\n' 'Types: deb' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm-backports' \
      'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
      "${SUDO[@]}" tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null
    apt_updated=0
  fi
  apt-cache madison qemu-system-x86 | grep -q bookworm-backports || apt_update
  # Backports keeps only its newest build: take the pinned one, else the newest 10.0.x there.
  ver="$QEMU10_DEB_VERSION"
  if ! apt-cache madison qemu-system-x86 | awk -F'|' '{gsub(/ /,"",$2); print $2}' | grep -qxF "$ver"; then
    apt_update
    ver="$(apt-cache madison qemu-system-x86 | awk -F'|' '/bookworm-backports/ {gsub(/ /,"",$2); print $2; exit}')"
    case "$ver" in
      1:10.0.*) log "WARNING: $QEMU10_DEB_VERSION is gone from backports; using $ver" ;;
      *) die "no QEMU 10.0 in bookworm-backports (found '${ver:-nothing}')" ;;
    esac
  fi
  tmp="$(mktemp -d)"
  # apt-get download drops privileges to _apt when it can: let it write there.
  if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$tmp"; fi
  log "apt-get download ${QEMU10_DEBS[*]} ($ver) and dpkg -x into .qemu/10.0"
  (cd "$tmp" && apt-get download -q "${QEMU10_DEBS[@]/%/=$ver}")
  rm -rf "$QEMU10_PREFIX.partial"
  mkdir -p "$QEMU10_PREFIX.partial"
  for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$QEMU10_PREFIX.partial"; done
  rm -rf "$tmp" "$QEMU10_PREFIX"
  mv "$QEMU10_PREFIX.partial" "$QEMU10_PREFIX"
  qemu10_ok || die "QEMU 10.0 unpacked into $QEMU10_PREFIX but does not run"
  log "QEMU 10.0 ready: $("$QEMU10_PREFIX/usr/bin/qemu-system-x86_64" --version | head -n1)"
fi

# --- Rust -------------------------------------------------------------------------------------
command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust with rustup first"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rust target wasm32-unknown-unknown present"
else
  rustup target add wasm32-unknown-unknown
fi
for comp in rustfmt clippy; do
  if rustup component list --installed | grep -q "^$comp"; then :; else rustup component add "$comp"; fi
done

# has CMD "expected first line of CMD --version"
has() { command -v "$1" >/dev/null 2>&1 && [ "$("$1" --version 2>/dev/null | head -n1)" = "$2" ]; }

# wasm-bindgen-cli MUST equal the wasm-bindgen crate version in Cargo.lock.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)"
[ -n "$WASM_BINDGEN_VERSION" ] || die "wasm-bindgen not found in Cargo.lock"
if has wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION" &&
   has wasm-bindgen-test-runner "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION"; then
  log "wasm-bindgen-cli $WASM_BINDGEN_VERSION present"
else
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (~2-3 min)"
  # No --locked: its lockfile pins a webpki-roots the registry here doesn't serve.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if has trunk "trunk $TRUNK_VERSION"; then
  log "trunk $TRUNK_VERSION present"
else
  log "cargo install trunk $TRUNK_VERSION (~8 min)"
  # trunk's own release profile is fat LTO + 1 codegen unit: its last step (the trunk crate and
  # the whole-program link, single-threaded) was about half of its install time here. A dev tool
  # doesn't need that; the default thin-local LTO with 16 codegen units uses both cores.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked --ignore-rust-version
fi
if has wasm-pack "wasm-pack $WASM_PACK_VERSION"; then
  log "wasm-pack $WASM_PACK_VERSION present"
else
  log "cargo install wasm-pack $WASM_PACK_VERSION (~2 min)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi

# --- npm (e2e/) -------------------------------------------------------------------------------
STAMP=e2e/node_modules/.setup-stamp
WANT="$(sha256sum e2e/package-lock.json | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then
  log "e2e/node_modules present (playwright-core, binaryen)"
else
  log "npm ci in e2e/"
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
  echo "$WANT" >"$STAMP"
fi
"$ROOT/e2e/node_modules/.bin/wasm-opt" --version | grep -q 'version 132' || die "e2e wasm-opt is not version 132"

# --- crates, for --offline builds -------------------------------------------------------------
cargo fetch --locked --quiet
log "done (put $ROOT/e2e/node_modules/.bin first in PATH so trunk finds wasm-opt 132)"
