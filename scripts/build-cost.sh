#!/usr/bin/env bash
# What lomi costs to build, next to what a user would otherwise pick: progenitor's own async
# client (reqwest + tokio) generated from the same openapi.yaml by its `generate_api!` macro,
# with the dependencies progenitor's README lists.
#
# For both it measures: clean `cargo build` and `cargo build --release` (each in a fresh
# target dir), the rebuild after touching the crate's source and after touching openapi.yaml
# (and whether lomi's build script reran), the crates in the runtime and build-time dependency
# trees, and the stripped size of a release binary making the quickstart's ten calls; for lomi
# also the stripped size of `examples/quickstart` (which embeds an httpmock server).
#
# Everything happens under $BUILD_COST_DIR (default /tmp/lomi-build-cost), on a snapshot of
# this repository's HEAD: the work tree and its target/ are untouched. The scratch crates need
# crates.io. About 10 minutes on 2 cores; timings move with the machine's load (printed).
#
#   scripts/build-cost.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BUILD_COST_DIR:-/tmp/lomi-build-cost}
export CARGO_TERM_COLOR=never
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-1}
unset RUSTFLAGS CARGO_TARGET_DIR

rm -rf "$WORK"
mkdir -p "$WORK/logs"

note() { printf '%s\n' "$*" >&2; }

# secs LOG DIR TARGET_DIR CARGO_ARGS...: runs cargo in DIR, prints the seconds it took.
secs() {
  local log=$1 dir=$2 target=$3
  shift 3
  local t0 t1
  t0=$(date +%s.%N)
  if ! (cd "$dir" && CARGO_TARGET_DIR="$target" cargo "$@") >"$WORK/logs/$log" 2>&1; then
    note "cargo $* failed in $dir:"
    tail -40 "$WORK/logs/$log" >&2
    exit 1
  fi
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'
}

# Whether a `cargo build -v` log shows a build script of the crate at DIR running.
reran() {
  if grep -q "Running \`[^\`]*/build/$2-[0-9a-f]*/build-script-build\`" "$WORK/logs/$1"; then
    echo yes
  else
    echo no
  fi
}

# Unique crates (the crate itself included) in `cargo tree` output; `(*)` marks repeats.
crates() { sed 's/^[│├└─ ]*//; s/ (\*)$//' | awk 'NF && !/^\[/' | sort -u | wc -l; }

# The tree under the root crate's own [build-dependencies].
build_tree() { awk '/^\[build-dependencies\]/ { on = 1; next } /^\[/ { on = 0 } on'; }

compiled() { grep -c '^ *Compiling ' "$WORK/logs/$1" || true; }

stripped_size() {
  strip -o "$WORK/stripped" "$1"
  stat -c %s "$WORK/stripped"
}

mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }

# The quickstart's ten calls, bodies from lomi.'s examples. Both programs parse them with
# serde_json into the generated types, so the two binaries hold the same operations.
BODIES='const CREATE_SESSION: &str = r#"{"amount":15000,"currency_code":"XOF","product_id":"prod_1234567890abcdef","success_url":"https://example.com/success","cancel_url":"https://example.com/cancel","customer_email":"customer@example.com"}"#;
const CREATE_LINK: &str = r#"{"title":"Premium Membership","amount":50000,"currency_code":"XOF","description":"Annual premium membership","product_id":"prod_1234567890abcdef"}"#;
const UPDATE: &str = r#"{"metadata":{"updated_at":"2025-11-21T13:32:16.240Z","updated_reason":"Administrative update"}}"#;'

# --- the crates ------------------------------------------------------------------------------

note "== snapshot of HEAD and scratch crates under $WORK"
mkdir -p "$WORK/lomi"
git -C "$ROOT" archive HEAD | tar -x -C "$WORK/lomi"
LOMI_COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)

mkdir -p "$WORK/lomi-calls/src"
cp "$WORK/lomi/Cargo.lock" "$WORK/lomi-calls/"
cat >"$WORK/lomi-calls/Cargo.toml" <<'EOF'
[package]
name = "lomi-calls"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
lomi = { path = "../lomi" }
serde_json = "1"
EOF
cat >"$WORK/lomi-calls/src/main.rs" <<EOF
//! Builds a lomi client and, with LOMI_API_KEY set, makes the quickstart's ten calls.
use lomi::types::{ListCheckoutSessionsParams, ListPaymentLinksParams};

$BODIES

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("LOMI_API_KEY").unwrap_or_default();
    let base = std::env::var("LOMI_BASE_URL")
        .unwrap_or_else(|_| "https://sandbox.api.lomi.africa/v1".to_owned());
    let client = lomi::Client::builder(if key.is_empty() { "unset" } else { &key })
        .base_url(base)
        .build()?;
    println!("client for {}", client.base_url());
    if key.is_empty() {
        return Ok(());
    }
    let session = client.create_checkout_session(&serde_json::from_str(CREATE_SESSION)?)?;
    let id = session.checkout_session_id.clone().unwrap_or_default();
    let params = ListCheckoutSessionsParams::new().limit(20).offset(0).sort("created_at:desc");
    println!("{} sessions", client.list_checkout_sessions(&params)?.data.len());
    println!("{:?}", client.retrieve_checkout_session(&id)?.status);
    client.update_checkout_session(&id, &serde_json::from_str(UPDATE)?)?;
    client.delete_checkout_session(&id)?;
    let link = client.create_payment_link(&serde_json::from_str(CREATE_LINK)?)?;
    let id = link.link_id.clone().unwrap_or_default();
    let params = ListPaymentLinksParams::new().limit(20).offset(0).sort("created_at:desc");
    println!("{} links", client.list_payment_links(&params)?.data.len());
    println!("{:?}", client.retrieve_payment_link(&id)?.is_active);
    client.update_payment_link(&id, &serde_json::from_str(UPDATE)?)?;
    client.delete_payment_link(&id)?;
    Ok(())
}
EOF

mkdir -p "$WORK/progenitor-calls/src"
cp "$WORK/lomi/openapi.yaml" "$WORK/progenitor-calls/"
cat >"$WORK/progenitor-calls/Cargo.toml" <<'EOF'
[package]
name = "progenitor-calls"
version = "0.1.0"
edition = "2021"
publish = false

# progenitor's README: futures, progenitor, reqwest (json, query, stream), serde; chrono for
# the spec's date-times; tokio for main.
[dependencies]
futures = "0.3"
progenitor = "0.15"
reqwest = { version = "0.13", features = ["json", "query", "stream"] }
serde = { version = "1.0", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", features = ["serde"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
EOF
cat >"$WORK/progenitor-calls/src/main.rs" <<EOF
//! Builds progenitor's client for the same spec and, with LOMI_API_KEY set, makes the
//! quickstart's ten calls.
progenitor::generate_api!("openapi.yaml");

$BODIES

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("LOMI_API_KEY").unwrap_or_default();
    let base = std::env::var("LOMI_BASE_URL")
        .unwrap_or_else(|_| "https://sandbox.api.lomi.africa/v1".to_owned());
    let mut headers = reqwest::header::HeaderMap::new();
    let mut value = reqwest::header::HeaderValue::from_str(&key)?;
    value.set_sensitive(true);
    headers.insert("x-api-key", value);
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .connect_timeout(std::time::Duration::from_secs(5))
        .timeout(std::time::Duration::from_secs(80))
        .build()?;
    let client = Client::new_with_client(&base, http);
    println!("client for {}", client.baseurl());
    if key.is_empty() {
        return Ok(());
    }
    let limit = std::num::NonZeroU64::new(20);
    let sort = Some("created_at:desc");
    let session = client.create_checkout_session(&serde_json::from_str(CREATE_SESSION)?).await?;
    let id = session.checkout_session_id.clone().unwrap_or_default();
    println!("{} sessions", client.list_checkout_sessions(limit, Some(0), sort).await?.data.len());
    println!("{:?}", client.retrieve_checkout_session(&id).await?.status);
    client.update_checkout_session(&id, &serde_json::from_str(UPDATE)?).await?;
    client.delete_checkout_session(&id).await?;
    let link = client.create_payment_link(&serde_json::from_str(CREATE_LINK)?).await?;
    let id = link.link_id.clone().unwrap_or_default();
    println!("{} links", client.list_payment_links(limit, Some(0), sort).await?.data.len());
    println!("{:?}", client.retrieve_payment_link(&id).await?.is_active);
    client.update_payment_link(&id, &serde_json::from_str(UPDATE)?).await?;
    client.delete_payment_link(&id).await?;
    Ok(())
}
EOF

note "== fetching dependencies (not timed)"
(cd "$WORK/lomi" && cargo fetch --locked) >"$WORK/logs/fetch-lomi.log" 2>&1
(cd "$WORK/lomi-calls" && cargo fetch) >"$WORK/logs/fetch-lomi-calls.log" 2>&1
(cd "$WORK/progenitor-calls" && cargo generate-lockfile && cargo fetch) \
  >"$WORK/logs/fetch-progenitor.log" 2>&1
export CARGO_NET_OFFLINE=true

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- lomi ------------------------------------------------------------------------------------

L=$WORK/lomi
note "== lomi: clean debug build"
l_debug=$(secs lomi-debug.log "$L" "$WORK/t-lomi-debug" build --locked)
l_compiled=$(compiled lomi-debug.log)
note "== lomi: clean release build"
l_release=$(secs lomi-release.log "$L" "$WORK/t-lomi-release" build --release --locked)
note "== lomi: touch src/lib.rs"
touch "$L/src/lib.rs"
l_touch_src=$(secs lomi-touch-src.log "$L" "$WORK/t-lomi-debug" build --locked -v)
l_touch_src_bs=$(reran lomi-touch-src.log lomi)
note "== lomi: touch openapi.yaml"
touch "$L/openapi.yaml"
l_touch_spec=$(secs lomi-touch-spec.log "$L" "$WORK/t-lomi-debug" build --locked -v)
l_touch_spec_bs=$(reran lomi-touch-spec.log lomi)
note "== lomi: quickstart example and the ten-call program (release)"
secs lomi-quickstart.log "$L" "$WORK/t-lomi-release" build --release --locked --example quickstart >/dev/null
l_quickstart=$(stripped_size "$WORK/t-lomi-release/release/examples/quickstart")
secs lomi-calls.log "$WORK/lomi-calls" "$WORK/t-lomi-release" build --release >/dev/null
l_calls=$(stripped_size "$WORK/t-lomi-release/release/lomi-calls")
l_runtime=$(cd "$L" && cargo tree --locked -e normal --prefix none | crates)
l_linked=$(cd "$L" && cargo tree --locked -e normal,no-proc-macro --prefix none | crates)
l_build=$(cd "$L" && cargo tree --locked -e normal,build | build_tree | crates)
l_all=$(cd "$L" && cargo tree --locked -e normal,build --prefix none | crates)

# --- progenitor ------------------------------------------------------------------------------

P=$WORK/progenitor-calls
note "== progenitor: clean debug build"
p_debug=$(secs pg-debug.log "$P" "$WORK/t-pg-debug" build --locked)
p_compiled=$(compiled pg-debug.log)
note "== progenitor: clean release build"
p_release=$(secs pg-release.log "$P" "$WORK/t-pg-release" build --release --locked)
note "== progenitor: touch src/main.rs"
touch "$P/src/main.rs"
p_touch_src=$(secs pg-touch-src.log "$P" "$WORK/t-pg-debug" build --locked -v)
note "== progenitor: touch openapi.yaml"
touch "$P/openapi.yaml"
p_touch_spec=$(secs pg-touch-spec.log "$P" "$WORK/t-pg-debug" build --locked -v)
if grep -q '^ *Compiling progenitor-calls' "$WORK/logs/pg-touch-spec.log"; then
  p_spec_regen=yes
else
  p_spec_regen="no (the macro does not track the spec)"
fi
p_calls=$(stripped_size "$WORK/t-pg-release/release/progenitor-calls")
p_runtime=$(cd "$P" && cargo tree --locked -e normal --prefix none | crates)
p_linked=$(cd "$P" && cargo tree --locked -e normal,no-proc-macro --prefix none | crates)
p_build=$(cd "$P" && cargo tree --locked -e normal,build | build_tree | crates)
p_all=$(cd "$P" && cargo tree --locked -e normal,build --prefix none | crates)

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report ----------------------------------------------------------------------------------

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

cat <<EOF
# Build cost: lomi ($LOMI_COMMIT) against progenitor's generated async client

machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(rustc --version)
load average before: $LOAD_BEFORE; after: $LOAD_AFTER

| | lomi (default features) | progenitor 0.15 + reqwest + tokio | lomi / progenitor |
|---|---:|---:|---:|
| clean \`cargo build\` (s) | $l_debug | $p_debug | $(ratio "$l_debug" "$p_debug") |
| clean \`cargo build --release\` (s) | $l_release | $p_release | $(ratio "$l_release" "$p_release") |
| crates compiled by the clean build | $l_compiled | $p_compiled | $(ratio "$l_compiled" "$p_compiled") |
| rebuild after touching the crate's source (s) | $l_touch_src (src/lib.rs; build script reran: $l_touch_src_bs) | $p_touch_src (src/main.rs; the macro regenerates) | $(ratio "$l_touch_src" "$p_touch_src") |
| rebuild after touching openapi.yaml (s) | $l_touch_spec (build script reran: $l_touch_spec_bs) | $p_touch_spec (recompiled: $p_spec_regen) | $(ratio "$l_touch_spec" "$p_touch_spec") |
| runtime tree, \`cargo tree -e normal\` (crates) | $l_runtime | $p_runtime | $(ratio "$l_runtime" "$p_runtime") |
| of which linked (proc-macros left out) | $l_linked | $p_linked | $(ratio "$l_linked" "$p_linked") |
| the crate's own build-dependency tree (crates) | $l_build | $p_build | |
| everything compiled, normal + build edges (crates) | $l_all | $p_all | $(ratio "$l_all" "$p_all") |
| stripped release binary, the ten calls | $l_calls B ($(mib "$l_calls")) | $p_calls B ($(mib "$p_calls")) | $(ratio "$l_calls" "$p_calls") |
| stripped release \`examples/quickstart\` (embeds httpmock's server) | $l_quickstart B ($(mib "$l_quickstart")) | | |

Crate counts include the crate itself; progenitor's code generator runs as a proc-macro, so it
is in its runtime tree (\`-e normal\`) but not linked. Logs: $WORK/logs.
EOF
