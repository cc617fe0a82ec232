// Engine events -> signals -> channels (outbox, retries) is built by issue 5.
// This module intentionally exposes nothing yet.
import Notifiers
import SignetCrypto
