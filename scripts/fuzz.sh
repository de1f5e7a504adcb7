#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for SECONDS each (default 10), seeded from the test fixtures,
# and prints, per target, the executions and the findings; exits non-zero on any finding.
# Needs the nightly toolchain and cargo-fuzz (installed from crates.io when missing).
#   scripts/fuzz.sh 900          # a long run: about ten million executions a target
#   scripts/fuzz.sh 10 webhook   # one target
#   FUZZ_DEV=1 scripts/fuzz.sh 5 # unoptimised targets: builds in a fraction of the time (CI's
#                                # brief run), at a fraction of the executions per second
#   FUZZ_RUNS=10000000 FUZZ_SANITIZER=none scripts/fuzz.sh 3600 webhook
#                                # stop at ten million executions (or the time, whichever is
#                                # first), without AddressSanitizer: the crate forbids unsafe code,
#                                # so what the sanitizer adds is checks of its dependencies'
#                                # memory, at a fraction of the speed (the long runs)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
shift || true
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: no nightly toolchain on this machine; skipped" >&2
  exit 0
fi
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked --quiet
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(response_body api_error webhook number_and_date_time path_and_query client_response)
fi

# Seeds: the fixtures, as bodies and as whole HTTP answers.
for t in "${targets[@]}"; do mkdir -p "fuzz/corpus/$t"; done
for f in tests/fixtures/*.json; do
  name=$(basename "$f" .json)
  for t in response_body api_error webhook number_and_date_time; do
    [ -d "fuzz/corpus/$t" ] && cp "$f" "fuzz/corpus/$t/seed_$name"
  done
  if [ -d fuzz/corpus/client_response ]; then
    { printf 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %s\r\n\r\n' "$(wc -c <"$f")"; cat "$f"; } \
      >"fuzz/corpus/client_response/seed_$name"
  fi
done

build=(--sanitizer "${FUZZ_SANITIZER:-address}")
[ -n "${FUZZ_DEV:-}" ] && build+=(--dev)
limits=(-max_total_time="$seconds")
[ -n "${FUZZ_RUNS:-}" ] && limits+=(-runs="$FUZZ_RUNS")

# Built first (every target in one build), so the times below are the runs' own.
(cd fuzz && cargo +nightly fuzz build "${build[@]}" 2>&1 | grep -E '^(error|warning: unused)' || true)

failed=0
for t in "${targets[@]}"; do
  log=$(mktemp)
  started=$(date +%s)
  if (cd fuzz && cargo +nightly fuzz run "${build[@]}" "$t" "corpus/$t" -- \
      "${limits[@]}" -print_final_stats=1 -rss_limit_mb=4096) >"$log" 2>&1; then
    result="0 findings"
  else
    result="FINDING (see fuzz/artifacts/$t and the log below)"
    failed=1
    tail -40 "$log"
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  elapsed=$(( $(date +%s) - started ))
  printf 'fuzz %-22s %6ss  %12s executions  %s\n' "$t" "$elapsed" "${execs:-?}" "$result"
  rm -f "$log"
done
exit $failed
