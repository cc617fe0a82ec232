# Signet: `make demo` and `make test` on a fresh Debian machine.
SHELL := /bin/bash
DEB_PACKAGES := libsodium-dev libcurl4-openssl-dev libsqlite3-dev libcairo2-dev fonts-dejavu-core pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SWIFT ?= swift

.PHONY: all deps build build-tests test check demo bench clean

all: build

# Install the Debian packages that are missing (and only those).
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing missing system packages: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

build-tests: deps
	$(SWIFT) build --build-tests

# The whole suite; the CLI tests run the freshly built `signet` binary.
# The PROTOCOL.md vectors are also checked by an independent reader (Python + libsodium, no Signet code).
# The CLI tests wait on child processes synchronously; in the same process they would hold the
# concurrency pool's threads (two on a 2-core machine) and starve the async tests, so they run in
# a process of their own. Both halves always run; either failing fails the target.
test: build-tests
	@bash scripts/check-layers.sh && bash scripts/check-layers.sh --self-test
	@bash scripts/check-style.sh
	@if command -v python3 >/dev/null; then python3 docs/reference/verify_vectors.py; \
	else echo "python3 not found: skipping the independent PROTOCOL.md reader (the Swift suite still checks the vectors)"; fi
	@$(SWIFT) test --skip-build --skip SignetCLITests; units=$$?; \
	$(SWIFT) test --skip-build --filter SignetCLITests; cli=$$?; \
	if [ $$units -ne 0 ] || [ $$cli -ne 0 ]; then echo "tests failed (library suites: exit $$units, CLI suites: exit $$cli)"; exit 1; fi

# Fuzzing (docs/RELIABILITY.md): builds the libFuzzer harnesses of Fuzz/ into .build-fuzz and runs
# each for FUZZ_RUNS inputs; `make fuzz-short` is the short pass (FUZZ_TEST_RUNS inputs each, a
# fixed seed). Not yet part of `make test`: the sanitizer build of the whole graph from a clean
# clone is measured first (CI's time budget).
FUZZ_RUNS ?= 2000000
FUZZ_TEST_RUNS ?= 2000
.PHONY: fuzz fuzz-short
fuzz: deps
	@SWIFT=$(SWIFT) bash scripts/fuzz.sh $(FUZZ_RUNS)
fuzz-short: deps
	@SWIFT=$(SWIFT) FUZZ_SEED=1 bash scripts/fuzz.sh $(FUZZ_TEST_RUNS)

# The static checks alone: module layers (docs/ARCHITECTURE.md) and house style.
check:
	@bash scripts/check-layers.sh && bash scripts/check-layers.sh --self-test
	@bash scripts/check-style.sh

# The live demo: simulators, a publisher and three subscribers (README.md, first section).
demo: build
	@bash scripts/demo.sh "$$($(SWIFT) build --show-bin-path)/signet"

bench: deps
	$(SWIFT) run -c release signet-bench crypto
	$(SWIFT) run -c release signet-bench backtest
	$(SWIFT) run -c release signet-bench outbox
	$(SWIFT) run -c release signet-bench shadow
	$(SWIFT) run -c release signet-bench latency

clean:
	rm -rf .build
