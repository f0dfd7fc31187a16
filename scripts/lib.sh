# Shared by scripts/run and scripts/test: pinned tool versions and installers that do nothing
# when the pinned version is already there. Source it; do not run it.
#
# Every tool comes from a package registry (crates.io, npm, Debian): nothing is downloaded by
# the tools themselves, which this project's machines cannot do.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CARGO_LEPTOS_VERSION=0.3.10 # 0.3.11 needs rustc 1.96
TRUNK_VERSION=0.21.14       # 0.22 needs rustc 1.96
BINARYEN_VERSION=132        # wasm-opt; Debian's binaryen is too old and breaks the WASM
# wasm-bindgen-cli must equal the wasm-bindgen library in Cargo.lock, to the patch version.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"

TOOLS_DIR="$ROOT/.tools"
export PATH="$HOME/.cargo/bin:$TOOLS_DIR/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# apt_install COMMAND:PACKAGE...: installs each Debian PACKAGE whose COMMAND is not on PATH
# (a command installed some other way, such as this machine's Node.js, is left alone).
apt_install() {
  local missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  ((${#missing[@]})) || return 0
  install_debian_packages "${missing[@]}"
}

install_debian_packages() {
  say "Installing Debian packages: $*"
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@"
}

# A Japanese font, so that the browser tests' screenshots show the films' original titles
# rather than empty boxes. (Visitors' own browsers have their own fonts.)
ensure_japanese_font() {
  fc-list :lang=ja 2>/dev/null | grep -q . && return 0
  install_debian_packages fonts-ipafont-gothic
}

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown && return 0
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

# cargo_install CRATE VERSION COMMAND [cargo install flags...]
# COMMAND is how the tool reports its version, as a string to run.
cargo_install() {
  local crate=$1 version=$2 version_command=$3
  shift 3
  if $version_command 2>/dev/null | grep -qw "$version"; then
    return 0
  fi
  say "Installing $crate $version from crates.io (several minutes on 2 cores)"
  cargo install "$crate" --version "$version" "$@"
}

ensure_wasm_opt() {
  if "$TOOLS_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -qw "version $BINARYEN_VERSION"; then
    return 0
  fi
  say "Installing binaryen $BINARYEN_VERSION (wasm-opt) from npm into .tools/"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-save --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >/dev/null
}

# What building and running the product needs.
ensure_run_tools() {
  apt_install redis-server:redis-server node:nodejs npm:npm
  ensure_wasm_target
  # `--locked` fails for wasm-bindgen-cli today (its lock file names a yanked crate).
  cargo_install wasm-bindgen-cli "$WASM_BINDGEN_VERSION" "wasm-bindgen --version"
  cargo_install cargo-leptos "$CARGO_LEPTOS_VERSION" "cargo leptos --version" --locked
  ensure_wasm_opt
}

# What the tests need on top: browsers, Trunk, Playwright.
ensure_test_tools() {
  ensure_run_tools
  apt_install chromium:chromium chromedriver:chromium-driver
  ensure_japanese_font
  cargo_install trunk "$TRUNK_VERSION" "trunk --version" --locked
  if ! e2e_packages_installed; then
    say "Installing playwright-core and axe-core from npm (Playwright uses Debian's chromium)"
    npm ci --prefix tests/e2e --no-audit --no-fund >/dev/null
  fi
}

# Whether tests/e2e/node_modules holds every package of tests/e2e/package.json at its version.
e2e_packages_installed() {
  node --input-type=module -e '
    import { readFileSync } from "node:fs";
    const read = (path) => JSON.parse(readFileSync(path, "utf8"));
    const wanted = read("tests/e2e/package.json").dependencies;
    for (const [name, version] of Object.entries(wanted)) {
      if (read(`tests/e2e/node_modules/${name}/package.json`).version !== version) process.exit(1);
    }' 2>/dev/null
}

# A free TCP port on loopback, starting the search at $1.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

# start_private_redis PORT DIR: a redis-server without persistence, stopped with this shell.
start_private_redis() {
  local port=$1 dir=$2
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" \
    >"$dir/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "redis-server did not start on port $port; see $dir/redis.log" >&2
  return 1
}

build_release() {
  say "Building the release server and WASM front end (cargo leptos build --release --precompress)"
  cargo leptos build --release --precompress
}
