#!/usr/bin/env bash
# The layer check: every Signet module may import only the Signet modules below it, as drawn in
# docs/ARCHITECTURE.md ("Module map"). Reads each target's `import` lines (plain, @testable,
# @_exported, `import struct X.Y`) and fails, naming file and line, on an edge not listed here.
#
#   scripts/check-layers.sh              check Sources/ (run by `make test`)
#   scripts/check-layers.sh --self-test  prove the check fails on an upward import (also run by `make test`)
#   scripts/check-layers.sh --root DIR   check another tree (the self-test uses it)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = "--root" ]; then root="$2"; shift 2; fi

# Folder under Sources/ -> module name.
declare -A module=(
    [CSodium]=CSodium [CCurl]=CCurl [CCairo]=CCairo
    [Crypto]=SignetCrypto [Transport]=Transport [Trader]=Trader [SignalWire]=SignalWire
    [Notifiers]=Notifiers [Venues/Kraken]=KrakenVenue [SignalPublisher]=SignalPublisher
    [SignalSubscriber]=SignalSubscriber [SignetApp]=SignetApp [APISimulators]=APISimulators
    [signet]=signet [signet-bench]=signet-bench
)

# Module -> the Signet modules it may import (the allowed edges; keep in step with ARCHITECTURE.md).
libraries="SignetCrypto Transport Trader SignalWire Notifiers KrakenVenue SignalPublisher SignalSubscriber"
declare -A allowed=(
    [SignetCrypto]="CSodium"
    [Transport]="CCurl"
    [Trader]=""
    [SignalWire]="Trader"
    [Notifiers]="Trader Transport CCairo"
    [KrakenVenue]="Trader Transport SignetCrypto"
    [SignalPublisher]="SignalWire SignetCrypto Notifiers Trader Transport"
    [SignalSubscriber]="SignalWire SignetCrypto Notifiers Trader Transport"
    [SignetApp]="$libraries"
    [APISimulators]="Trader SignetCrypto"
    [signet]="SignetApp $libraries APISimulators"
    [signet-bench]="SignetApp $libraries APISimulators CSodium"
)
signet_modules=" ${module[*]} TestSupport "

self_test() {
    local scratch
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' RETURN
    cp -r "$root/Sources" "$scratch/Sources"
    if ! "$0" --root "$scratch" >/dev/null; then
        echo "check-layers self-test: the unchanged tree must pass first"; return 1
    fi
    # An upward import: the kernel reaching for the publisher.
    printf 'import SignalPublisher\n' > "$scratch/Sources/Trader/UpwardImport.swift"
    if "$0" --root "$scratch" >/dev/null 2>&1; then
        echo "check-layers self-test FAILED: Trader importing SignalPublisher was not caught"; return 1
    fi
    rm "$scratch/Sources/Trader/UpwardImport.swift"
    # A library reaching for the simulators.
    printf '@testable import APISimulators\n' > "$scratch/Sources/Notifiers/SimulatorImport.swift"
    if "$0" --root "$scratch" >/dev/null 2>&1; then
        echo "check-layers self-test FAILED: Notifiers importing APISimulators was not caught"; return 1
    fi
    echo "check-layers self-test: upward imports are caught"
}

if [ "${1:-}" = "--self-test" ]; then self_test; exit $?; fi

failures=0
for folder in "${!module[@]}"; do
    name="${module[$folder]}"
    dir="$root/Sources/$folder"
    [ -d "$dir" ] || continue
    [ -n "${allowed[$name]+set}" ] || continue
    while IFS=: read -r file line text; do
        imported="$(sed -E 's/^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*import[[:space:]]+((struct|class|enum|protocol|func|var|let|typealias)[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*).*/\4/' <<<"$text")"
        case "$signet_modules" in *" $imported "*) ;; *) continue ;; esac
        case " ${allowed[$name]} " in
            *" $imported "*) ;;
            *)
                echo "${file#"$root"/}:$line: $name may not import $imported (allowed: ${allowed[$name]:-none})"
                failures=$((failures + 1))
                ;;
        esac
    done < <(grep -rnE '^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*import[[:space:]]' "$dir" --include='*.swift' || true)
done
# Nested venue folders are modules of their own: Venues/ itself holds none.
if [ "$failures" -gt 0 ]; then
    echo "check-layers: $failures import(s) break the module map (docs/ARCHITECTURE.md)"
    exit 1
fi
echo "check-layers: every import follows the module map"
