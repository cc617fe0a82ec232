#!/usr/bin/env bash
# `make demo`: a publisher and three mirroring subscribers, live, on loopback simulators of
# Telegram and Slack; no account and no network. See README.md, "The demo".
#
#   desk   publishes sma-cross on EUR/USD (600 real hourly bars, replayed at 50 ms a bar) to Slack and Telegram
#   alice  reads Slack,    mode target: the desk's weights on her 5 000 USD
#   bob    reads Telegram, mode orders: every order copied twice over, EUR/USD mapped to his 6E/USD, 25 000 USD
#   carol  reads Slack,    mode target, 10 000 USD; revoked midway: from then on she cannot open a signal
set -euo pipefail
signet=${1:?usage: demo.sh PATH_TO_SIGNET}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${SIGNET_DEMO_OUT:-$root/out/demo}
rm -rf "$out" && mkdir -p "$out" && cd "$out"
group=-1002000000002
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT
bold() { printf '\n\033[1m%s\033[0m\n' "$*"; }
quiet() { "$@" > /dev/null 2> last.err || { echo "failed: $*"; cat last.err; exit 1; }; cat last.err >> setup.log; }

start_simulator() { # NAME ARGS... ; sets $url to the simulator's base URL (not in a subshell: its pid must reach the cleanup)
    "$signet" simulate "$@" --port 0 > "$1-simulator.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 300); do
        url=$(grep -o 'http://127.0.0.1:[0-9]*' "$1-simulator.log" | head -1 || true)
        if [ -n "$url" ]; then return; fi
        sleep 0.1
    done
    echo "the $1 simulator did not start:" >&2; cat "$1-simulator.log" >&2; exit 1
}

bold "1. Loopback Telegram and Slack"
start_simulator telegram --token 123456:DESK --subscriber-token 654321:BOB --group $group
telegram=$url
start_simulator slack --token xoxb-desk --token xoxb-alice --token xoxb-carol --app-token xapp-alice --app-token xapp-carol --slack-channel C0SIGNALS
slack=$url
echo "Telegram simulator $telegram (desk posts to supergroup $group, bob's bot reads it); Slack simulator $slack/api (channel C0SIGNALS)"

bold "2. Identities, channel 'alpha', grants (each party has its own key directory)"
for who in desk alice bob carol; do quiet "$signet" keygen $who --dir $who-keys; done
quiet "$signet" keys export desk --dir desk-keys --out desk.id
for who in alice bob carol; do
    quiet "$signet" keys export $who --dir $who-keys --out $who.id
    quiet "$signet" keys import $who.id --as $who --dir desk-keys
    quiet "$signet" keys import desk.id --as desk --dir $who-keys
done
quiet "$signet" channel create alpha --as desk --dir desk-keys
for who in alice bob carol; do
    "$signet" channel grant alpha $who --dir desk-keys 2>> setup.log > $who.grant
    quiet "$signet" channel accept $who.grant --from desk --dir $who-keys
done
echo "desk publishes 'alpha'; alice, bob and carol hold its epoch-1 key"

head -601 "$root/data/eurusd_1h.csv" > eurusd.csv
cat > desk.yml <<EOF
telegram: {token: "123456:DESK", chat_id: $group, api_url: "$telegram", pacing: false}
slack: {token: xoxb-desk, channel: C0SIGNALS, api_url: "$slack/api", pacing: false}
signals: {identity: desk, keys: desk-keys, channels: [alpha], chart_interval: 15}
EOF
cat > alice.yml <<EOF
slack: {token: xoxb-alice, app_token: xapp-alice, channel: C0SIGNALS, api_url: "$slack/api", pacing: false}
mirror: {mode: target}
EOF
cat > bob.yml <<EOF
telegram: {token: "654321:BOB", chat_id: $group, api_url: "$telegram", pacing: false}
mirror: {mode: orders, multiplier: "2", symbol_map: {EUR/USD: 6E/USD}}
EOF
cat > carol.yml <<EOF
slack: {token: xoxb-carol, app_token: xapp-carol, channel: C0SIGNALS, api_url: "$slack/api", pacing: false}
mirror: {mode: target}
EOF
# Settings that hold credentials must be private to their owner (signet refuses them otherwise).
chmod 600 desk.yml alice.yml bob.yml carol.yml

bold "3. Subscribers start, then the desk goes live"
mirror() { # NAME VIA CASH SYMBOL
    "$signet" mirror --from desk --channel alpha --via "$2" --cash "$3" --symbol "$4" --name "$1" --dir "$1-keys" \
        --settings "$1.yml" --home home --idle-exit 5 --shadow > "$1.log" 2>&1 &
    pids+=($!)
}
mirror alice slack 5000 EUR/USD
mirror bob telegram 25000 6E/USD
mirror carol slack 10000 EUR/USD
sleep 1
"$signet" publish --strategy sma-cross --param fast=3 --param slow=8 --symbol EUR/USD --feed replay:eurusd.csv --speed 72000 \
    --freq 1h --name desk --settings desk.yml --home home > desk.log 2>&1 &
publisher=$!
pids+=($publisher)

journal() { echo "home/alphas/$1/live_trading/paper/$2"; }
count() { [ -f "$(journal "$1" orders.csv)" ] && grep -c ',submitted,' "$(journal "$1" orders.csv)" || echo 0; }
position() { [ -f "$(journal "$1" pos_pnl.csv)" ] && tail -1 "$(journal "$1" pos_pnl.csv)" | cut -d, -f3 || echo 0; }
view() {
    printf '[%3ss] desk %3s orders, pos %10s | alice %3s, pos %10s | bob %3s, pos %10s | carol %3s, pos %10s%s\n' "$SECONDS" \
        "$(count desk)" "$(position desk)" "$(count alice)" "$(position alice)" "$(count bob)" "$(position bob)" "$(count carol)" "$(position carol)" "$1"
}
SECONDS=0
revoked=""
while kill -0 $publisher 2>/dev/null; do
    sleep 2
    if [ -z "$revoked" ] && [ "$SECONDS" -ge 12 ]; then
        "$signet" channel revoke alpha carol --dir desk-keys > revoke.log 2>&1
        revoked=" (carol revoked at ${SECONDS}s: alpha is at epoch 2)"
        view "  <- signet channel revoke alpha carol"
        continue
    fi
    view ""
done
wait $publisher || { echo "the publisher failed:"; tail -20 desk.log; exit 1; }
echo "desk finished; the subscribers stop once no signal has come for 5 s"
for pid in "${pids[@]:2}"; do wait "$pid" 2>/dev/null || true; done
view "$revoked"

bold "4. Results"
status() { "$signet" status "$1" --home home; }
for who in desk alice bob carol; do status $who > $who.status; done
field() { { grep "^$2" "$1.status" || true; } | head -1 | sed "s/^$2 *//"; }
# The position plus what working orders will add (a mirrored market order fills at the next price
# the publisher reports; the last one of a run is still working when the publisher stops).
qty() { grep -E '^(position|working):' "$1.status" | awk '$1 == "working:" || !seen++ { s += $3 } END { printf "%.4f", s }'; }
equity() { field "$1" 'equity:' | awk '{print $1}'; }
session() { { grep 'signals this session:' "$1.log" || true; } | sed 's/.*signals this session: //; s/; mirrored orders.*//'; }
lag() { field "$1" 'lag:' | sed 's/, max.*//'; }
for who in alice bob carol; do "$signet" track $who --home home > $who.track 2>> setup.log || true; done
# Copy metrics from signet track: time from arrival to order (p50) and fill slippage against the signalled price (mean).
to_order() { { grep 'time to order:' "$1.track" || true; } | sed 's/.*p50 \([0-9]*\) ms.*/\1 ms/'; }
slippage() { { grep 'against the signalled price:' "$1.track" || true; } | sed 's/.*mean \([-0-9.]*\) bp.*/\1 bp/'; }
desk_qty=$(qty desk); desk_equity=$(equity desk)
echo "published by desk: $(field desk 'published:')"
printf '%-6s %-9s %-7s %12s %12s %-6s %-24s %-8s %-9s %s\n' who via mode position expected match "latency (arrival)" "to order" slippage "signals this session (refused by reason)"
check() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; t = (b < 0 ? -b : b) * 0.02 + 0.001; print (d <= t ? "yes" : "NO") }'; }
alice_expected=$(awk -v q="$desk_qty" -v e="$(equity alice)" -v d="$desk_equity" 'BEGIN { printf "%.4f", q * e / d }')
bob_expected=$(awk -v q="$desk_qty" 'BEGIN { printf "%.4f", q * 2 }')
row() { printf '%-6s %-9s %-7s %12s %12s %-6s %-24s %-8s %-9s %s\n' "$@"; }
row desk - - "$desk_qty" - - - - - "$(grep -c ',submitted,' "$(journal desk orders.csv)") orders placed"
row alice slack target "$(qty alice)" "$alice_expected" "$(check "$(qty alice)" "$alice_expected")" "$(lag alice)" "$(to_order alice)" "$(slippage alice)" "$(session alice)"
row bob telegram orders "$(qty bob)" "$bob_expected" "$(check "$(qty bob)" "$bob_expected")" "$(lag bob)" "$(to_order bob)" "$(slippage bob)" "$(session bob)"
row carol slack target "$(qty carol)" "(revoked)" - "$(lag carol)" "$(to_order carol)" "$(slippage carol)" "$(session carol)"
echo "latency: sealed by desk -> stored by the subscriber; to order: stored -> order handed to the broker; slippage: fill against the price in the signal (positive is worse)"
echo "alice: desk's weight on her own equity ($(equity alice) vs desk $desk_equity); bob: every desk order × 2 on 6E/USD; carol: frozen at the revocation"

mkdir -p charts
"$signet" chart --data eurusd.csv --orders "$(journal desk orders.csv)" --symbol EUR/USD --out charts/desk.png 2>> setup.log
"$signet" chart --data eurusd.csv --orders "$(journal alice orders.csv)" --symbol EUR/USD --out charts/alice.png 2>> setup.log
echo "charts: $out/charts/desk.png, $out/charts/alice.png; journals: $out/home/alphas/*/live_trading/paper/"
if grep -q 'NO' <(check "$(qty alice)" "$alice_expected"; check "$(qty bob)" "$bob_expected"); then
    echo "a mirrored position does not match its policy: see $out/*.log"
    exit 1
fi
