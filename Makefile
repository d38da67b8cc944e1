# The README's two commands: `make demo` and `make test`.
CARGO ?= cargo
DEMO_OUT ?= target/tte-demo

.PHONY: demo test setup header lib install python dates bench fuzz

## demo: a synthetic verifier office's day on the embedded defaults (log in $(DEMO_OUT))
demo: setup
	$(CARGO) run --quiet --locked -p tte-cli -- demo --out $(DEMO_OUT)

## test: formatting, lints (warnings are errors), every test, doctests of the README
test: setup
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) test --workspace --locked
	bash ffi/tests/run-abi-tests.sh
	$(FUZZ) build --fuzz-dir core/fuzz
	$(MAKE) --no-print-directory python
	$(MAKE) --no-print-directory dates

## python: builds the wheel with pip from source, installs it into .venv, then runs mypy
## --strict (package and examples), stubtest and pytest (python/tests)
python: setup
	$(VENV)/bin/pip install -q --disable-pip-version-check --force-reinstall --no-deps ./python
	$(VENV)/bin/python -m mypy --strict python/tte examples/python
	$(VENV)/bin/python -m mypy.stubtest tte --allowlist python/stubtest-allowlist.txt
	$(VENV)/bin/python -m pytest -q python/tests

## dates: the Rust tests, the C tests and examples and the Python tests again with the
## clock faked by libfaketime (the build on the real clock): certificates, CRLs,
## timestamps and the demo must pass on any date, not only the day they were made.
## The Python part uses the wheel `make python` installed.
FAKE_DATES ?= 2026-12-31 2035-01-01
HOST_RUNNER = CARGO_TARGET_$(shell rustc -vV | sed -n 's/^host: //p' | tr 'a-z-' 'A-Z_')_RUNNER
dates: setup
	@for when in $(FAKE_DATES); do \
	  echo "== every test with the clock at $$when"; \
	  FAKETIME_DONT_FAKE_MONOTONIC=1 $(HOST_RUNNER)="faketime $$when" $(CARGO) test --workspace --locked -q || exit 1; \
	  TTE_FAKE_TIME=$$when bash ffi/tests/run-abi-tests.sh || exit 1; \
	  FAKETIME_DONT_FAKE_MONOTONIC=1 faketime $$when $(VENV)/bin/python -m pytest -q python/tests || exit 1; \
	done

## bench: criterion benches, then the same inputs signed and verified by pyHanko,
## OpenSSL, the tte CLI, the Python package and the Rust API; report in target/compare.md
bench: setup
	bash benches/compare/run.sh target/compare.md

## fuzz: every cargo fuzz target for FUZZ_SECONDS each, seeded from the demo's output;
## a crash stops the run (its input is in core/fuzz/artifacts/)
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = pdf_read pdf_sign_verify x509 cms private_keys lifecycle_json prepared_state
# cargo fuzz needs nightly flags (sanitizers); this machine has the stable toolchain only.
FUZZ = RUSTC_BOOTSTRAP=1 $(CARGO) fuzz
fuzz: demo
	$(FUZZ) build --fuzz-dir core/fuzz
	bash core/fuzz/seed.sh $(CURDIR)/$(DEMO_OUT)
	for target in $(FUZZ_TARGETS); do \
	  $(FUZZ) run --fuzz-dir core/fuzz $$target -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 || exit 1; \
	done

## header: regenerate include/tte.h from ffi/ (CI fails when it drifts)
header: setup
	cbindgen --quiet --config ffi/cbindgen.toml --crate tte-ffi --output include/tte.h ffi

## lib: release libtte.so and libtte.a with target/release/tte.pc pointing at this tree
lib:
	$(CARGO) build --release --locked -p tte-ffi
	bash ffi/write-pkg-config.sh $(CURDIR) $(CURDIR)/target/release $(CURDIR)/include target/release/tte.pc

## install: libtte, tte.h and tte.pc under PREFIX (default /usr/local)
PREFIX ?= /usr/local
install: lib
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 644 target/release/libtte.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 target/release/libtte.so $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/tte.h $(DESTDIR)$(PREFIX)/include/
	bash ffi/write-pkg-config.sh $(PREFIX) $(PREFIX)/lib $(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig/tte.pc

## setup: install what is missing. The Rust toolchain comes from rustup; the outside
## validators (openssl, poppler's pdfsig and pdftoppm, qpdf, ghostscript, zbarimg, valgrind, gcc, pkg-config, php)
## and libfaketime from
## Debian; cbindgen and cargo-fuzz from crates.io; pyHanko and
## reportlab into .venv from PyPI, pinned in .ci/requirements.txt.
VENV ?= .venv
APT_TOOLS = faketime:faketime openssl:openssl pdfsig:poppler-utils qpdf:qpdf gs:ghostscript zbarimg:zbar-tools valgrind:valgrind gcc:gcc pkg-config:pkg-config php:php-cli

setup: $(VENV)/.installed
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust with rustup"; exit 1; }
	@$(CARGO) fmt --version >/dev/null 2>&1 || rustup component add rustfmt
	@$(CARGO) clippy --version >/dev/null 2>&1 || rustup component add clippy
	@command -v cbindgen >/dev/null || $(CARGO) install --quiet --locked cbindgen --version 0.29.2
	@$(CARGO) fuzz --version >/dev/null 2>&1 || $(CARGO) install --quiet --locked cargo-fuzz --version 0.13.2
	@missing=""; for pair in $(APT_TOOLS); do command -v $${pair%%:*} >/dev/null || missing="$$missing $${pair##*:}"; done; \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

$(VENV)/.installed: .ci/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r .ci/requirements.txt
	touch $@
