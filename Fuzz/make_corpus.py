#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz harnesses, Fuzz/Corpus/<harness>/, from docs/PROTOCOL.md
alone (its section 10 keys, libsodium through ctypes, no Signet code), the way
docs/reference/verify_vectors.py reads it. Valid inputs sealed and signed with the fixed key set
the harnesses hold (Fuzz/Sources/FuzzSupport/FixedKeys.swift), and near-valid ones that stop at
each check. Deterministic: nonces and the grants' ephemeral keys are derived, not drawn.

Run: python3 Fuzz/make_corpus.py   (rewrites Fuzz/Corpus; the harnesses never write there)"""
import base64, ctypes, ctypes.util, hashlib, json, pathlib, shutil, struct

ROOT = pathlib.Path(__file__).resolve().parent
lib = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")
assert lib.sodium_init() >= 0
buf = ctypes.create_string_buffer
NOW = 1763700000000  # the harnesses' clock (FixedKeys.now)

def b2b(*parts, n=32):
    return hashlib.blake2b(b"".join(parts), digest_size=n).digest()

def b64e(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")

def sign(message, sk):
    sig = buf(64)
    assert lib.crypto_sign_detached(sig, None, message, ctypes.c_ulonglong(len(message)), sk) == 0
    return sig.raw

def aead(plain, ad, nonce, key):
    out = buf(len(plain) + 16)
    assert lib.crypto_aead_xchacha20poly1305_ietf_encrypt(
        out, None, plain, ctypes.c_ulonglong(len(plain)), ad, ctypes.c_ulonglong(len(ad)), None, nonce, key) == 0
    return out.raw

class Who:
    def __init__(self, name, seed, box_secret):
        pk, sk = buf(32), buf(64)
        assert lib.crypto_sign_seed_keypair(pk, sk, bytes.fromhex(seed)) == 0
        box = buf(32)
        assert lib.crypto_scalarmult_base(box, bytes.fromhex(box_secret)) == 0
        self.name, self.pk, self.sk, self.box = name, pk.raw, sk.raw, box.raw
        self.kid = b2b(b"signet/fingerprint/v1", self.pk, self.box)[:8]

    def line(self, name=None):
        name = (self.name if name is None else name).encode() if isinstance(name or self.name, str) else name
        body = b"SGI\x01" + bytes([len(name)]) + name + self.pk + self.box
        return "signet-id1." + b64e(body + b2b(b"signet/id-checksum/v1", body)[:4])

DESK = Who("desk", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
           "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f")
FOLLOWER = Who("follower", "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f",
               "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f")
CHANNEL = bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf")
KEY = bytes.fromhex("c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf")
VECTOR = dict(
    line.split(" = ", 1)
    for line in (ROOT.parent / "docs/PROTOCOL.md").read_text().split("```vectors\n", 1)[1].split("\n```", 1)[0].splitlines()
    if " = " in line and not line.startswith("#"))

def envelope(plain, seq, ts=None, ctype=1, epoch=1, channel=CHANNEL, key=KEY, signer=DESK, digest=None, flags=None):
    ts = NOW - 1000 * seq if ts is None else ts
    flags = (1 if digest else 0) if flags is None else flags
    header = b"SGE\x01" + bytes([ctype, flags]) + signer.kid + channel + struct.pack(">IQQ", epoch, seq, ts) + (digest or b"")
    nonce = b2b(b"nonce", struct.pack(">Q", seq), plain, n=24)
    body = header + nonce + aead(plain, header, nonce, key)
    return body + sign(body, signer.sk)

def signal(*args, **kwargs):
    return "sig1." + b64e(envelope(*args, **kwargs))

def attachment(plain, ts=NOW + 500, ctype=0x10):
    header = b"SGA\x01" + bytes([ctype, 0]) + DESK.kid + CHANNEL + struct.pack(">IQ", 1, ts)
    nonce = b2b(b"attachment", plain, n=24)
    body = header + nonce + aead(plain, header, nonce, KEY)
    return body + sign(body, DESK.sk)

def grant(name="alpha", epoch=1, channel=CHANNEL, key=KEY, to=FOLLOWER, by=DESK, issued=NOW - 60000):
    # crypto_box_seal with a derived ephemeral key: ephemeral public ‖ box(key, nonce = BLAKE2b-192(epk ‖ pk)).
    esk = b2b(b"ephemeral", name.encode(), struct.pack(">I", epoch))
    epk = buf(32)
    assert lib.crypto_scalarmult_base(epk, esk) == 0
    sealed = buf(32 + 16)
    assert lib.crypto_box_easy(sealed, key, ctypes.c_ulonglong(32), b2b(epk.raw, to.box, n=24), to.box, esk) == 0
    body = (b"SGG\x01" + by.kid + channel + struct.pack(">IQ", epoch, issued) + to.kid + bytes([len(name)]) + name.encode()
            + epk.raw + sealed.raw)
    return "signet-grant1." + b64e(body + sign(body, by.sk))

def signed(text, signer=DESK, seq=4, ts=NOW):
    header = b"SGT\x01" + signer.kid + CHANNEL + struct.pack(">QQ", seq, ts)
    return text + "\n" + "signet-signed1." + b64e(header + sign(header + text.encode(), signer.sk))

def payload(**fields):
    return json.dumps(dict(fields, v=1), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

T = NOW
ORDER = payload(kind="order", order_id="sma-12", price="64250.10", quantity="0.25", side="buy", source="desk-btc",
                symbol="BTC/USD", time=T, type="market")
LIMIT = payload(kind="order", limit_price="65000.5", order_id="sma-13", price="64250.10", quantity="0.10", side="sell",
                source="desk-btc", symbol="BTC/USD", time=T, type="limit")
STOP = payload(kind="order", limit_price="2900", order_id="sma-14", price="3012.25", quantity="2", side="sell",
               source="desk-btc", symbol="ETH/USD", time=T, type="stop")
FILL = payload(fee="1.60", kind="fill", order_id="sma-12", price="64250.10", quantity="0.25", side="buy", source="desk-btc",
               symbol="BTC/USD", time=T)
TARGETS = payload(currency="USD", equity="10000.00", kind="targets", source="desk-multi", time=T, targets=[
    dict(price="63333.33", quantity="0.15", symbol="BTC/USD", weight="0.95"),
    dict(price="2983.3", quantity="-1.5", symbol="ETH/USD", weight="-0.4475"),
    dict(price="140.125", quantity="0", symbol="SOL/USD", weight="0"),
    dict(price="1.0921", quantity="12", symbol="EUR/USD", weight="0.000655")])
EQUITY = payload(cash="2500.00", currency="USD", equity="10250.50", kind="equity", source="desk-btc", time=T)
HEARTBEAT = payload(kind="heartbeat", source="desk-btc", time=T)
CHAIN = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
CHECKPOINT = payload(currency="USD", equity="10012.345", kind="checkpoint", source="desk-btc", time=T,
                     orders=dict(chain=CHAIN, digests=["0123456789abcdef", "fedcba9876543210"], lines=12),
                     pnl=dict(chain=CHAIN, digests=[], lines=5))
GRANT = payload(grant=grant(epoch=2) + "\n" + VECTOR["grant.line"], kind="grant", source="desk-btc", time=T)
PAYLOADS = dict(order=ORDER, limit=LIMIT, stop=STOP, fill=FILL, targets=TARGETS, equity=EQUITY, heartbeat=HEARTBEAT,
                checkpoint=CHECKPOINT, grant=GRANT)

# Payloads a decoder must refuse or that push the mirror and the gate to their edges.
EDGES = dict(
    big_order=payload(kind="order", order_id="x", price="0", quantity="92233720368.54775807", side="sell", source="s",
                      symbol="XBT/USD", time=T, type="market"),
    tiny_limit=payload(kind="order", limit_price="0.00000001", order_id="x", price="64250.1", quantity="5", side="sell",
                       source="s", symbol="BTC/USD", time=T, type="limit"),
    huge_stop=payload(kind="order", limit_price="92233720368.54775807", order_id="x", price="1", quantity="0.00000001",
                      side="buy", source="s", symbol="EUR/USD", time=T, type="stop"),
    eur_order=payload(kind="order", limit_price="1.09215", order_id="x", price="1.0920", quantity="12000", side="buy",
                      source="s", symbol="EUR/USD", time=T, type="limit"),
    extreme_targets=payload(currency="USD", equity="92233720368.54775807", kind="targets", source="s", time=T, targets=[
        dict(price="0.00000001", quantity="1", symbol="BTC/USD", weight="10"),
        dict(price="92233720368.54775807", quantity="-1", symbol="ETH/USD", weight="-10"),
        dict(price="1", quantity="1", symbol="XBT/USD", weight="-0.00000001"),
        dict(price="140", quantity="1", symbol="SOL/USD", weight="9.99999999")]),
    mapped_targets=payload(currency="USD", equity="5000", kind="targets", source="s", time=T, targets=[
        dict(price="64000", quantity="0.1", symbol="XBT/USD", weight="0.5"),
        dict(price="64000", quantity="0.1", symbol="BTC/USD", weight="-0.5"),
        dict(price="3000", quantity="1", symbol="ETHUSD", weight="0.2")]),
    unknown_keys='{"kind":"heartbeat","mood":{"calm":[1,2.5e3,true,null]},"source":"desk-btc","time":5,"v":1,"zone":"\\u00e9"}',
    escapes='{"kind":"heartbeat","source":"desk \\"\u03b2\\" a/b \\\\ \\t\\n\\r\\b\\f\\u0001\\u001f\x7f \u00e9\U0001F600","time":1,"v":1}',
    version_2=HEARTBEAT.replace('"v":1', '"v":2'),
    version_float=HEARTBEAT.replace('"v":1', '"v":1.0'),
    unknown_kind=HEARTBEAT.replace("heartbeat", "rumour"),
    market_with_limit=ORDER.replace('"kind"', '"limit_price":"1","kind"'),
    limit_without_price=LIMIT.replace('"limit_price":"65000.5",', ""),
    too_precise=ORDER.replace('"0.25"', '"0.123456789"'),
    bad_symbol=ORDER.replace("BTC/USD", "BTC/USD/EUR"),
    deep="{" + '"v":1,"x":' + "[" * 20 + "]" * 20 + "}",
    lone_surrogate='{"v":1,"kind":"heartbeat","time":1,"source":"\\ud800"}',
    not_object='[{"v":1}]',
    time_2101=HEARTBEAT.replace(str(T), "4102444800001"),
    digests_past_lines=CHECKPOINT.replace('"lines":5', '"lines":0').replace('"digests":[]', '"digests":["0123456789abcdef"]'),
)

SETTINGS = dict(
    complete="""exchange_apis:
  Kraken:
    key: kraken-key
    secret: a3JhY2tlbg==
    api_url: http://127.0.0.1:9000
    ws_url: ws://127.0.0.1:9000/ws/v2
    ws_auth_url: ws://127.0.0.1:9000/ws-auth/v2
    tier: pro
telegram:
  token: "123:ABC"
  chat_id: -100123456
slack:
  token: xoxb-1
  app_token: xapp-1
  channel: C0123
signals:
  identity: desk
  channels: [alpha]
mirror:
  mode: target
  symbol_map: {XBT/USD: BTC/USD}
  max_position: {BTC/USD: 0.5}
  max_notional: 2500
  max_signal_age: 30
  dry_run: true
""",
    risk="""risk:
  max_order_notional: 2500
  on_order_notional: trim
  max_leverage: 1
  on_leverage: trim
  max_position: {BTC/USD: 0.5}
  on_position: trim
  price_band_bps: 200
  allow: [BTC/USD, EUR/USD]
  deny: [DOGE/USD]
  daily_loss_limit: 300
  equity_floor: 8000
  mode: normal
""",
    mirror_orders="""mirror:
  mode: orders
  multiplier: equity
  symbol_map: {XBT/USD: BTC/USD, ETHUSD: ETH/USD}
  allow: [BTC/USD, ETH/USD]
  deny: [DOGE/USD]
  max_position: {BTC/USD: 0.5, ETH/USD: 3}
  max_notional: 2500
  reverse: true
  max_signal_age: 0.5
  max_price_deviation: 50
  allow_late: true
risk:
  max_order_notional: 1000
  on_order_notional: refuse
  max_position: {BTC/USD: 0.4, EUR/USD: 20000}
  on_position: refuse
  mode: close-only
""",
    mirror_target="""mirror:
  mode: target
  multiplier: 0.5
  max_position: {SOL/USD: 40, ETH/USD: 0}
  max_signal_age: 0
alerts:
  telegram_chat_id: "@desk_alerts"
  silence: 600
""",
    environment_secrets="""exchange_apis:
  Kraken:
    tier: starter
telegram:
  chat_id: "@signals"
  signed_chat_id: -100987
  pacing: 2
signals:
  identity: desk
  keys: keys
  channels: [alpha, beta]
  outputs: [telegram, telegram-signed, slack]
  charts: false
  chart_interval: 60
  checkpoint_every: 10
  heartbeat: 300
""",
    flat="risk:\n  mode: flat\n  max_position: {BTC/USD: 0}\n",
    typo="telegarm:\n  token: t\n",
    unknown_key="telegram:\n  token: t\n  chat: 1\n",
    not_yaml="telegram: [unclosed\n",
    anchors="base: &b {mode: orders}\nmirror: *b\n",
    flow="{mirror: {mode: orders, max_position: {BTC/USD: 1e3}}, risk: {max_leverage: 2}}\n",
    empty="",
)

SIGNED = dict(
    summary="BUY 0.25 BTC/USD market (order sma-12)\nalpha #4 \u00b7 2025-11-21 04:40 UTC",
    receipt="RECEIPT #4 \u00b7 sealed 1763700000000 \u00b7 arrived 1763700000450 \u00b7 filled buy 0.25 BTC/USD @ 64250.10",
    multiline="TARGETS BTC/USD 0.15 (0.95), ETH/USD -1.5 (-0.4475)\n\nequity 10000.00 USD\n  indented line",
    empty="",
)

def write(harness, name, data):
    path = ROOT / "Corpus" / harness / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())

def envelope_seeds():
    for name, text in PAYLOADS.items():
        write("envelope", f"signal-{name}", signal(text.encode(), seq=list(PAYLOADS).index(name) + 1))
    write("envelope", "vector-signal1", VECTOR["signal1.line"])
    write("envelope", "vector-signal2-attachment", VECTOR["signal2.line"].encode() + b"\0" + bytes.fromhex(VECTOR["attachment.sealed_hex"]))
    att = attachment(b"\x89PNG\r\n\x1a\n not a real chart")
    write("envelope", "bound-attachment", signal(b"chart attached", seq=20, ctype=2, digest=b2b(att)).encode() + b"\0" + att)
    write("envelope", "replays", "\n".join(signal(HEARTBEAT.encode(), seq=s) for s in (5, 6, 9, 7, 7, 80, 9, 0)))
    write("envelope", "whitespace", "  \t" + signal(ORDER.encode(), seq=3) + " \r\n")
    write("envelope", "too-old", signal(HEARTBEAT.encode(), seq=30, ts=NOW - 86_400_001))
    write("envelope", "from-the-future", signal(HEARTBEAT.encode(), seq=31, ts=NOW + 300_001))
    write("envelope", "epoch-2", signal(HEARTBEAT.encode(), seq=32, epoch=2))
    write("envelope", "epoch-0", signal(HEARTBEAT.encode(), seq=33, epoch=0))
    write("envelope", "other-channel", signal(HEARTBEAT.encode(), seq=34, channel=bytes(16)))
    write("envelope", "unknown-publisher", signal(HEARTBEAT.encode(), seq=35, signer=FOLLOWER))
    write("envelope", "wrong-key", signal(HEARTBEAT.encode(), seq=36, key=bytes(32)))
    write("envelope", "unknown-flags", signal(HEARTBEAT.encode(), seq=37, flags=2))
    raw = envelope(HEARTBEAT.encode(), seq=38)
    write("envelope", "cut-off", "sig1." + b64e(raw[:120]))
    write("envelope", "bad-signature", "sig1." + b64e(raw[:-1] + bytes([raw[-1] ^ 1])))
    write("envelope", "version-2", signal(HEARTBEAT.encode(), seq=39).replace("sig1.", "sig2.", 1))
    write("envelope", "inner-version-2", "sig1." + b64e(raw[:3] + b"\x02" + raw[4:]))
    write("envelope", "padded", "sig1." + base64.urlsafe_b64encode(raw).decode())

def line_seeds():
    write("lines", "desk", VECTOR["desk.line"])
    write("lines", "follower", VECTOR["follower.line"])
    write("lines", "long-name", DESK.line("d" * 64))
    write("lines", "bad-name", DESK.line("-desk"))
    write("lines", "not-utf8-name", DESK.line(b"\xff\xfe"))
    write("lines", "bad-checksum", VECTOR["desk.line"][:-2] + "AA")
    write("lines", "cut-off", VECTOR["desk.line"][:60])
    write("lines", "desk-secret", VECTOR["desk.secret_file"])
    write("lines", "follower-secret", VECTOR["follower.secret_file"])
    write("lines", "vector-grant", VECTOR["grant.line"])
    write("lines", "grant-epoch-2", grant(epoch=2))
    write("lines", "grant-other-channel", grant(name="beta", channel=bytes(range(16))))
    write("lines", "grant-to-desk", grant(to=DESK))
    write("lines", "grant-by-follower", grant(by=FOLLOWER))
    write("lines", "grant-wrong-key-size", grant(key=bytes(32))[:-3])
    write("lines", "grant-two-pasted", grant(epoch=3) + grant(epoch=4)[len("signet-grant1."):])

def signed_seeds():
    for name, text in SIGNED.items():
        write("signed-text", name, signed(text))
    write("signed-text", "receipt-by-follower", signed(SIGNED["receipt"], signer=FOLLOWER))
    write("signed-text", "crlf", signed(SIGNED["multiline"]).replace("\n", "\r\n"))
    write("signed-text", "trailing", signed(SIGNED["summary"]) + "\nforwarded from @desk")
    write("signed-text", "altered", signed(SIGNED["summary"]).replace("0.25", "2.50", 1))
    write("signed-text", "two-lines", signed(signed(SIGNED["summary"]), seq=5))
    write("signed-text", "unsigned", SIGNED["summary"])

def main():
    shutil.rmtree(ROOT / "Corpus", ignore_errors=True)
    envelope_seeds()
    line_seeds()
    signed_seeds()
    for name, text in list(PAYLOADS.items()) + list(EDGES.items()):
        write("payload", name + ".json", text)
    for name, text in SETTINGS.items():
        write("settings", name + ".yml", text)
    for harness in sorted((ROOT / "Corpus").iterdir()):
        print(f"{harness.name}: {len(list(harness.iterdir()))} seeds")

if __name__ == "__main__":
    main()
