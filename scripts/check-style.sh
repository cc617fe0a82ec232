#!/usr/bin/env bash
# House style that a reader relies on: no Swift file under Sources/ over 300 lines, no line over
# 140 characters (Hummingbird 2 is the model). Run by `make test`; names every offender.
set -euo pipefail
cd "$(dirname "$0")/.."
max_lines=300
max_width=140
failures=0
while IFS= read -r -d '' file; do
    lines=$(wc -l < "$file")
    if [ "$lines" -gt "$max_lines" ]; then
        echo "$file: $lines lines (at most $max_lines: split it by concept, extensions in Type+Aspect.swift)"
        failures=$((failures + 1))
    fi
    # Characters, not bytes: a line with → or · counts each as one.
    while IFS= read -r hit; do
        echo "$file:$hit"
        failures=$((failures + 1))
    done < <(LC_ALL=C.UTF-8 awk -v max="$max_width" 'length($0) > max { print FNR ": " length($0) " characters (at most " max ")" }' "$file")
done < <(find Sources -name '*.swift' -print0 | sort -z)
if [ "$failures" -gt 0 ]; then
    echo "check-style: $failures place(s) break the house style"
    exit 1
fi
echo "check-style: every file under $max_lines lines, every line under $max_width characters"
