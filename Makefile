# The README's two commands: `make demo` and `make test`.
CARGO ?= cargo
DEMO_OUT ?= target/tte-demo

.PHONY: demo test setup

## demo: a synthetic verifier office's day on the embedded defaults (log in $(DEMO_OUT))
demo: setup
	$(CARGO) run --quiet --locked -p tte-cli -- demo --out $(DEMO_OUT)

## test: formatting, lints (warnings are errors), every test, doctests of the README
test: setup
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) test --workspace --locked

## setup: install what is missing (the toolchain itself comes from rustup; openssl, the
## outside validator of keys, CSRs and certificates, from Debian)
setup:
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust with rustup"; exit 1; }
	@$(CARGO) fmt --version >/dev/null 2>&1 || rustup component add rustfmt
	@$(CARGO) clippy --version >/dev/null 2>&1 || rustup component add clippy
	@command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq openssl; }
