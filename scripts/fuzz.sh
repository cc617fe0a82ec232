#!/usr/bin/env bash
# Builds the libFuzzer harnesses of Fuzz/ (docs/RELIABILITY.md, "Fuzzing") and runs each one.
#
#   scripts/fuzz.sh [RUNS]      RUNS inputs per harness (default $FUZZ_RUNS, else 2000)
#
# Each harness starts from a fresh copy of its seed corpus Fuzz/Corpus/NAME (the checked-in corpus
# is never written) under .build-fuzz/runs/NAME/, with its dictionary Fuzz/Dictionaries/NAME.dict.
# A crash, a broken property (fatalError in the harness), a timeout or running out of memory
# fails the script with the harness's name, the input's path and the end of its log; every
# harness runs even after one fails.
#
# Environment: FUZZ_RUNS (runs per harness), FUZZ_HARNESSES (names, space-separated: default all),
# FUZZ_SEED (libFuzzer's seed; unset: a random one), FUZZ_NICE (niceness of build and runs,
# default 10), FUZZ_BUILD=0 (do not build), FUZZ_BIN (where the harnesses are: default the build's),
# FUZZ_WORK (where runs go: default .build-fuzz/runs; give a long pass its own, with a copy of the
# harnesses in FUZZ_BIN, so that a `make test` meanwhile neither relinks nor clears them), SWIFT.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-${FUZZ_RUNS:-2000}}
harnesses=${FUZZ_HARNESSES:-envelope lines signed-text payload settings}
niceness=${FUZZ_NICE:-10}
swift=${SWIFT:-swift}
scratch=.build-fuzz
flags=(--package-path Fuzz --scratch-path "$scratch" -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)

# Longest input each harness is given, in bytes: a little above what its parser accepts.
max_len() {
    case "$1" in
        envelope) echo 8192 ;;    # signal lines (4,096 characters each) and an attachment
        lines) echo 2048 ;;       # identity lines, grants and key files are read up to 1,024 or 4,096
        *) echo 4096 ;;           # signed text, payloads, settings
    esac
}

if [ "${FUZZ_BUILD:-1}" != 0 ]; then
    started=$(date +%s)
    mkdir -p "$scratch"
    if ! nice -n "$niceness" "$swift" build "${flags[@]}" >"$scratch/build.log" 2>&1; then
        tail -40 "$scratch/build.log"
        echo "fuzz: building the harnesses failed (whole log: $scratch/build.log)"
        exit 1
    fi
    echo "fuzz: harnesses built in $(($(date +%s) - started)) s"
fi
bin=${FUZZ_BIN:-$("$swift" build "${flags[@]}" --show-bin-path)}
runs_dir=${FUZZ_WORK:-$scratch/runs}

# Same hashing in every run, so a crashing input crashes again when replayed.
export SWIFT_DETERMINISTIC_HASHING=1
# libFuzzer and AddressSanitizer report a crash with its stack (through llvm-symbolizer). Swift's own
# backtracer would read the crashed stack under AddressSanitizer, be reported as the error itself,
# and linger after the harness exits.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
symbolizer=$(dirname "$(command -v "$swift")")/llvm-symbolizer
[ -x "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$symbolizer}
# No allocation stacks kept for AddressSanitizer reports: they cost a third of the run time of the
# string-heavy harnesses. To see where a reported block was allocated, replay the input with
# ASAN_OPTIONS=malloc_context_size=30.
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}

failed=()
for name in $harnesses; do
    work=$runs_dir/$name
    rm -rf "$work"
    mkdir -p "$work/corpus"
    cp Fuzz/Corpus/"$name"/* "$work/corpus/"
    seed=()
    [ -n "${FUZZ_SEED:-}" ] && seed=(-seed="$FUZZ_SEED")
    started=$(date +%s%N)
    status=0
    nice -n "$niceness" "$bin/fuzz-$name" "$work/corpus" -runs="$runs" -max_len="$(max_len "$name")" \
        -dict=Fuzz/Dictionaries/"$name".dict -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$work/" "${seed[@]}" >"$work/log" 2>&1 || status=$?
    ms=$((($(date +%s%N) - started) / 1000000))
    seconds=$(printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)))
    executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
    speed=$((${executed:-0} * 1000 / (ms > 0 ? ms : 1)))
    corpus=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$work/log" | tail -1 | sed 's/corp: //')
    artifact=$(find "$work" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | head -1)
    if [ "$status" -ne 0 ] || [ -n "$artifact" ]; then
        echo "--- end of $work/log"
        grep -v '^#[0-9]' "$work/log" | tail -40
        echo "FAIL fuzz-$name: exit $status after $seconds s; input: ${artifact:-none saved}; log: $work/log"
        echo "     replay: SWIFT_BACKTRACE=enable=no $bin/fuzz-$name ${artifact:-INPUT}"
        failed+=("$name")
    else
        echo "fuzz-$name: ${executed:-?} runs in $seconds s ($speed exec/s), corpus ${corpus:-?} (inputs/bytes), no crash"
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: ${#failed[@]} harness(es) failed: ${failed[*]}"
    exit 1
fi
echo "fuzz: every harness ran $runs inputs without a crash"
