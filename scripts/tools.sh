# Sourced by run.sh and test.sh: installs what is missing, skips what is there.
# Nothing here downloads a binary from the internet: Rust tools come from crates.io,
# wasm-opt from npm's binaryen (Debian's wasm-opt 108 breaks the app at run time),
# Chromium from Debian.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${SAMLET_TOOLS_DIR:-$HOME/.local/share/samlet-tools}"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132"
CARGO_DENY_VERSION="0.20.2"
SCHEMATHESIS_VERSION="4.32.5"
MOTO_VERSION="5.2.5"
OPENAPI_SPEC_VALIDATOR_VERSION="0.9.0"
OPENAPI_PYTHON_CLIENT_VERSION="0.29.1"
AIOSMTPD_VERSION="1.4.6"
PYPDF_VERSION="7.1.1"
# Python tools of the tests, in one virtual environment: schemathesis (API fuzzing),
# moto's S3-compatible server (the S3 document store's test), and openapi-spec-validator
# and openapi-python-client (the contract check, scripts/contract.sh), aiosmtpd (a real
# SMTP server the notification tests send to), and pypdf (the text of pages printed to PDF
# by the print tests).
PYTHON_TOOLS="$TOOLS_DIR/python"
export SAMLET_MOTO_SERVER="$PYTHON_TOOLS/bin/moto_server"
export SAMLET_SMTP_SERVER="$PYTHON_TOOLS/bin/aiosmtpd"
export PATH="$TOOLS_DIR/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# The Rust tools are built without optimisation (`--debug`, no debug info). Optimised, even
# with their fat LTO turned off, trunk took 9 minutes to install on 2 cores and cargo-deny
# 3.5, for programs that then run for seconds. Unoptimised, trunk, wasm-bindgen-cli and
# cargo-deny install in about 6.5 minutes together; the app builds as fast (the work is in
# cargo and wasm-opt) and cargo-deny's check takes 3.5 s instead of 1.3.
install_tool() {
    CARGO_PROFILE_DEV_DEBUG=0 cargo install --debug "$@"
}

wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_app_tools() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        step "Installing the wasm32 Rust target"
        rustup target add wasm32-unknown-unknown
    fi
    if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
        step "Installing trunk $TRUNK_VERSION (about 4 minutes on 2 cores)"
        install_tool trunk --version "$TRUNK_VERSION" --locked
    fi
    local bindgen
    bindgen="$(wasm_bindgen_version)"
    if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen" ]; then
        step "Installing wasm-bindgen-cli $bindgen (the version in Cargo.lock)"
        # Not --locked: one of its locked dependencies is no longer in the registry.
        install_tool wasm-bindgen-cli --version "$bindgen" --force
    fi
    if [ "$(wasm-split-tool --version 2>/dev/null)" != "wasm-split-tool 0.1.0 (wasm_split_cli_support 0.2.4)" ]; then
        step "Installing wasm-split-tool (tools/wasm-split, about two minutes)"
        cargo install --locked --path "$ROOT/tools/wasm-split" --target-dir "$ROOT/target/wasm-split-tool" --force
    fi
    if ! "$TOOLS_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
        step "Installing wasm-opt $BINARYEN_VERSION from npm's binaryen into $TOOLS_DIR"
        mkdir -p "$TOOLS_DIR"
        [ -f "$TOOLS_DIR/package.json" ] || echo '{"private": true}' > "$TOOLS_DIR/package.json"
        npm install --prefix "$TOOLS_DIR" --no-audit --no-fund "binaryen@$BINARYEN_VERSION"
    fi
}

ensure_test_tools() {
    ensure_app_tools
    if [ "$(cargo-deny --version 2>/dev/null)" != "cargo-deny $CARGO_DENY_VERSION" ]; then
        step "Installing cargo-deny $CARGO_DENY_VERSION (about 1.5 minutes on 2 cores)"
        install_tool cargo-deny --version "$CARGO_DENY_VERSION" --locked
    fi
    if ! command -v chromium >/dev/null; then
        step "Installing Chromium from Debian"
        as_root apt-get install -y chromium || { as_root apt-get update && as_root apt-get install -y chromium; }
    fi
    if [ "$("$PYTHON_TOOLS/bin/st" --version 2>/dev/null)" != "st, version $SCHEMATHESIS_VERSION" ] ||
        ! "$PYTHON_TOOLS/bin/python" -c "
import sys, moto, openapi_spec_validator, openapi_python_client, aiosmtpd, pypdf
sys.exit((moto.__version__, openapi_spec_validator.__version__, openapi_python_client.__version__, aiosmtpd.__version__, pypdf.__version__)
         != ('$MOTO_VERSION', '$OPENAPI_SPEC_VALIDATOR_VERSION', '$OPENAPI_PYTHON_CLIENT_VERSION', '$AIOSMTPD_VERSION', '$PYPDF_VERSION'))" 2>/dev/null; then
        step "Installing schemathesis $SCHEMATHESIS_VERSION, moto $MOTO_VERSION, openapi-spec-validator $OPENAPI_SPEC_VALIDATOR_VERSION, openapi-python-client $OPENAPI_PYTHON_CLIENT_VERSION, aiosmtpd $AIOSMTPD_VERSION and pypdf $PYPDF_VERSION from PyPI into $PYTHON_TOOLS"
        mkdir -p "$TOOLS_DIR"
        python3 -m venv "$PYTHON_TOOLS"
        "$PYTHON_TOOLS/bin/pip" install --quiet --disable-pip-version-check \
            "schemathesis==$SCHEMATHESIS_VERSION" "moto[server]==$MOTO_VERSION" \
            "openapi-spec-validator==$OPENAPI_SPEC_VALIDATOR_VERSION" \
            "openapi-python-client==$OPENAPI_PYTHON_CLIENT_VERSION" "aiosmtpd==$AIOSMTPD_VERSION" \
            "pypdf==$PYPDF_VERSION"
    fi
    local lock="$ROOT/end2end/package-lock.json" installed="$ROOT/end2end/node_modules/.package-lock.json"
    if [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
        step "Installing the end-to-end test packages (npm ci)"
        (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    fi
}

# The app is split into one wasm chunk per lazy page (Trunk.toml, scripts/split/): the
# splitter needs the linker's relocations in cargo's wasm, only in this build (with them, an
# unsplit build breaks wasm-opt), and its wasm-bindgen first on PATH. The variable replaces
# .cargo/config.toml's flags for the target, so it repeats them.
build_app() {
    step "Building the app (trunk build --release --offline, split per page)"
    (cd "$ROOT" && cargo fetch --quiet &&
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Clink-args=--emit-relocs" \
        PATH="$ROOT/scripts/split:$PATH" trunk build --release --offline)
    node "$ROOT/scripts/precompress.mjs" "$ROOT/dist"
}

build_server() {
    step "Building the server"
    (cd "$ROOT" && cargo build --profile server -p samlet-server)
}

SERVER_BIN="$ROOT/target/server/samlet-server"

# Starts SERVER in demo mode on a free port with its data in DIR (extra flags after DIR go
# to the server, its log to DIR/server.log), waits until it answers, and sets DEMO_BASE and
# DEMO_PID. For the scripts that test the release server from outside (fuzzing, the case
# system's day).
start_demo_server() {
    local server="$1" dir="$2" port
    shift 2
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    DEMO_BASE="http://127.0.0.1:$port"
    "$server" --demo --bind 127.0.0.1 --port "$port" --data-dir "$dir" --dist-dir "$ROOT/dist" "$@" \
        > "$dir/server.log" 2>&1 &
    DEMO_PID=$!
    for _ in $(seq 50); do
        curl -fsS "$DEMO_BASE/api/healthz" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "the server did not start:" >&2
    tail -20 "$dir/server.log" >&2
    return 1
}

# Prints a new token for case system NAME with every scope, serving municipality 751 and
# every life area, in the database of the server in DIR.
every_scope_token() {
    local server="$1" dir="$2" name="$3" areas=()
    for area in job_education health social housing economy family; do areas+=(--life-area "$area"); done
    "$server" --data-dir "$dir" create-integration-token --system "$name" \
        --scope appeals --scope citizens --scope plans --scope contacts --scope documents --scope decisions --scope messages \
        --municipality 751 "${areas[@]}"
}
