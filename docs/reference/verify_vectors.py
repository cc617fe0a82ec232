#!/usr/bin/env python3
"""An independent reader of docs/PROTOCOL.md, written from the document alone with libsodium
through ctypes (no Signet code). It checks the section 10 vectors: identities, fingerprints, lines,
the secret key files, the grant, and it rebuilds and opens the signals and the attachment.
Exit status 0 when every vector matches. Run: python3 docs/reference/verify_vectors.py"""
import base64, ctypes, ctypes.util, hashlib, pathlib, struct, sys

lib = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")
assert lib.sodium_init() >= 0
buf = ctypes.create_string_buffer

def b2b(*parts, n=32):
    return hashlib.blake2b(b"".join(parts), digest_size=n).digest()

def b64d(text):
    assert "=" not in text
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    assert b64e(raw) == text, "non-canonical base64url"
    return raw

def b64e(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")

def text_form(line, kind):
    prefix = kind + "1."
    assert line.startswith(prefix), line[:20]
    return b64d(line[len(prefix):])

def sign_keypair(seed):
    pk, sk = buf(32), buf(64)
    assert lib.crypto_sign_seed_keypair(pk, sk, seed) == 0
    return pk.raw, sk.raw

def x25519_public(secret):
    pk = buf(32)
    assert lib.crypto_scalarmult_base(pk, secret) == 0
    return pk.raw

def sign(message, sk):
    sig = buf(64)
    assert lib.crypto_sign_detached(sig, None, message, ctypes.c_ulonglong(len(message)), sk) == 0
    return sig.raw

def verify(sig, message, pk):
    return lib.crypto_sign_verify_detached(sig, message, ctypes.c_ulonglong(len(message)), pk) == 0

def aead_encrypt(plain, ad, nonce, key):
    out = buf(len(plain) + 16)
    assert lib.crypto_aead_xchacha20poly1305_ietf_encrypt(
        out, None, plain, ctypes.c_ulonglong(len(plain)), ad, ctypes.c_ulonglong(len(ad)), None, nonce, key) == 0
    return out.raw

def aead_decrypt(cipher, ad, nonce, key):
    out = buf(len(cipher) - 16)
    rc = lib.crypto_aead_xchacha20poly1305_ietf_decrypt(
        out, None, None, cipher, ctypes.c_ulonglong(len(cipher)), ad, ctypes.c_ulonglong(len(ad)), nonce, key)
    assert rc == 0, "decryption failed"
    return out.raw

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

def fingerprint(sign_pk, box_pk):
    f = b2b(b"signet/fingerprint/v1", sign_pk, box_pk)
    bits = int.from_bytes(f[:10], "big")
    chars = "".join(CROCKFORD[(bits >> (75 - 5 * i)) & 31] for i in range(16))
    return f[:8], "-".join(chars[i:i + 4] for i in range(0, 16, 4))

def identity_line(name, sign_pk, box_pk):
    body = b"SGI\x01" + bytes([len(name)]) + name.encode() + sign_pk + box_pk
    return "signet-id1." + b64e(body + b2b(b"signet/id-checksum/v1", body)[:4])

def open_envelope(raw, publisher_pk, key):
    assert raw[:4] == b"SGE\x01"
    flags = raw[5]
    hlen = 50 + (32 if flags & 1 else 0)
    header, nonce = raw[:hlen], raw[hlen:hlen + 24]
    assert verify(raw[-64:], raw[:-64], publisher_pk), "bad signature"
    epoch, seq, ts = struct.unpack(">IQQ", raw[30:50])
    plain = aead_decrypt(raw[hlen + 24:-64], header, nonce, key)
    return dict(epoch=epoch, seq=seq, ts=ts, digest=raw[50:82] if flags & 1 else None, plaintext=plain)

def main():
    doc = (pathlib.Path(__file__).resolve().parent.parent / "PROTOCOL.md").read_text()
    block = doc.split("```vectors\n", 1)[1].split("\n```", 1)[0]
    v = dict(line.split(" = ", 1) for line in block.splitlines() if " = " in line and not line.startswith("#"))
    hx = lambda k: bytes.fromhex(v[k])
    ids = {}
    for who in ("desk", "follower"):
        sign_pk, sign_sk = sign_keypair(hx(who + ".ed25519_seed"))
        box_pk = x25519_public(hx(who + ".x25519_secret"))
        key_id, fp = fingerprint(sign_pk, box_pk)
        assert sign_pk == hx(who + ".ed25519_public") and box_pk == hx(who + ".x25519_public")
        assert key_id.hex() == v[who + ".key_id"] and fp == v[who + ".fingerprint"]
        assert identity_line(v[who + ".name"], sign_pk, box_pk) == v[who + ".line"]
        ids[who] = (sign_pk, sign_sk, box_pk, hx(who + ".x25519_secret"), key_id)
    print("identities, key ids, fingerprints and lines: ok")

    k = text_form(v["desk.secret_file"], "signet-secret")
    assert k[:5] == b"SGK\x01\x00" and k[-64:] == hx("desk.ed25519_seed") + hx("desk.x25519_secret")
    k = text_form(v["follower.secret_file"], "signet-secret")
    n = k[5]
    ops, mem = struct.unpack(">QQ", k[70 + n:86 + n])
    salt, nonce, sealed = k[86 + n:102 + n], k[102 + n:126 + n], k[126 + n:]
    pw = v["follower.passphrase"].encode()
    derived = buf(32)
    assert lib.crypto_pwhash(derived, ctypes.c_ulonglong(32), pw, ctypes.c_ulonglong(len(pw)), salt,
                             ctypes.c_ulonglong(ops), ctypes.c_size_t(mem), 2) == 0
    secret = buf(64)
    assert lib.crypto_secretbox_open_easy(secret, sealed, ctypes.c_ulonglong(len(sealed)), nonce, derived) == 0
    assert secret.raw == hx("follower.ed25519_seed") + hx("follower.x25519_secret")
    print("secret key files: ok")

    g = text_form(v["grant.line"], "signet-grant")
    d_sign_pk, d_sign_sk, _, _, d_kid = ids["desk"]
    f_sign_pk, _, f_box_pk, f_box_sk, f_kid = ids["follower"]
    assert g[:4] == b"SGG\x01" and g[4:12] == d_kid and g[40:48] == f_kid
    assert verify(g[-64:], g[:-64], d_sign_pk), "grant signature"
    n = g[48]
    assert g[49:49 + n].decode() == v["channel.name"]
    key = buf(32)
    sealed = g[49 + n:129 + n]
    assert lib.crypto_box_seal_open(key, sealed, ctypes.c_ulonglong(len(sealed)), f_box_pk, f_box_sk) == 0
    assert key.raw == hx("channel.key")
    print("grant: ok")

    ck, cid = hx("channel.key"), hx("channel.id")
    def rebuild(ctype, seq, ts, plain, nonce, digest=None):
        header = b"SGE\x01" + bytes([ctype, 1 if digest else 0]) + d_kid + cid + struct.pack(">IQQ", 1, seq, ts) + (digest or b"")
        body = header + nonce + aead_encrypt(plain, header, nonce, ck)
        return "sig1." + b64e(body + sign(body, d_sign_sk))
    assert rebuild(1, 42, 1763700000000, v["signal1.plaintext"].encode(), hx("signal1.nonce")) == v["signal1.line"]
    ha = b"SGA\x01\x10\x00" + d_kid + cid + struct.pack(">IQ", 1, 1763700000500)
    body = ha + hx("attachment.nonce") + aead_encrypt(hx("attachment.plaintext_hex"), ha, hx("attachment.nonce"), ck)
    attachment = body + sign(body, d_sign_sk)
    assert attachment == hx("attachment.sealed_hex") and b2b(attachment) == hx("attachment.digest")
    assert rebuild(2, 43, 1763700001000, v["signal2.plaintext"].encode(), hx("signal2.nonce"), b2b(attachment)) == v["signal2.line"]
    print("signals and attachment rebuilt byte for byte: ok")

    s1 = open_envelope(text_form(v["signal1.line"], "sig"), d_sign_pk, ck)
    assert s1["plaintext"].decode() == v["signal1.plaintext"] and s1["seq"] == 42
    s2 = open_envelope(text_form(v["signal2.line"], "sig"), d_sign_pk, ck)
    assert s2["digest"] == b2b(attachment)
    assert verify(attachment[-64:], attachment[:-64], d_sign_pk)
    assert aead_decrypt(attachment[66:-64], attachment[:42], attachment[42:66], ck) == hx("attachment.plaintext_hex")
    print("signals and attachment opened: ok")
    print("protocol vectors: every check matched")

if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        print("vector mismatch:", error or "see traceback", file=sys.stderr)
        raise
