#!/usr/bin/env bash
# Builds libtte, checks that include/tte.h matches the code, and runs the C tests
# dynamically linked under valgrind and statically linked with AddressSanitizer, then
# the C example (examples/c) the same two ways and the PHP FFI example (examples/php);
# pdfsig, qpdf and pyHanko check the letters the examples sign.
# With TTE_FAKE_TIME set (e.g. 2035-01-01), everything after the build and the header
# check runs with the clock faked to that date (libfaketime): the suite must pass on
# any date, not only on the day its fixtures were made.
set -euo pipefail
cd "$(dirname "$0")/../.."
CARGO=${CARGO:-cargo}
$CARGO build --quiet --locked -p tte-ffi -p tte-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cbindgen --quiet --config ffi/cbindgen.toml --crate tte-ffi --output "$work/tte.h" ffi
if ! diff -u include/tte.h "$work/tte.h"; then
  echo "include/tte.h is out of date: run 'make header' and commit it" >&2
  exit 1
fi

clocked() {
  if [ -n "${TTE_FAKE_TIME:-}" ]; then
    # ASan wants its runtime first among the preloaded libraries; libfaketime is first here.
    FAKETIME_DONT_FAKE_MONOTONIC=1 ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
      faketime "$TTE_FAKE_TIME" "$@"
  else
    "$@"
  fi
}

clocked target/debug/tte demo --out "$work/demo" > /dev/null
# Compile and link through the pkg-config file, as a C project using libtte would.
ffi/write-pkg-config.sh "$PWD" "$PWD/target/debug" "$PWD/include" "$work/pkgconfig/tte.pc"
export PKG_CONFIG_PATH="$work/pkgconfig"
read -r -a cflags <<< "$(pkg-config --cflags tte)"
read -r -a libs <<< "$(pkg-config --libs tte)"
flags=(-std=c11 -Wall -Wextra -Werror -g "${cflags[@]}")
gcc "${flags[@]}" ffi/tests/test_ffi.c "${libs[@]}" -o "$work/test_ffi"
echo "C tests under valgrind:"
LD_LIBRARY_PATH=target/debug clocked valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --error-exitcode=1 "$work/test_ffi" "$work/demo"
gcc "${flags[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer ffi/tests/test_ffi.c \
  target/debug/libtte.a -lpthread -ldl -lm -o "$work/test_ffi_asan"
echo "C tests with AddressSanitizer:"
ASAN_OPTIONS=detect_leaks=1 clocked "$work/test_ffi_asan" "$work/demo"

# The C example: with the demo's authority under valgrind, with a new one under ASan.
gcc "${flags[@]}" examples/c/office_flow.c "${libs[@]}" -o "$work/office_flow"
gcc "${flags[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer examples/c/office_flow.c \
  target/debug/libtte.a -lpthread -ldl -lm -o "$work/office_flow_asan"
echo "C example under valgrind:"
LD_LIBRARY_PATH=target/debug clocked valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --error-exitcode=1 "$work/office_flow" "$work/demo/authority" "$work/demo/nota-dinas.pdf" "$work/c.pdf"
echo "C example with AddressSanitizer:"
ASAN_OPTIONS=detect_leaks=1 clocked "$work/office_flow_asan" "$work/c-authority" "$work/demo/nota-dinas.pdf" "$work/c-asan.pdf"

# Outside validators on the signed PDFs of the examples.
validate() {
  local pdf=$1 root=$2
  clocked pdfsig "$pdf" | grep "Signature Validation: Signature is Valid." > /dev/null
  qpdf --check "$pdf" > /dev/null
  clocked .venv/bin/pyhanko sign validate --pretty-print --no-revocation-check --trust-replace --trust "$root" "$pdf" \
    | grep "judged VALID" > /dev/null
  echo "$pdf: valid for pdfsig, qpdf and pyHanko"
}
validate "$work/c.pdf" "$work/demo/authority/ca/root.pem"
validate "$work/c-asan.pdf" "$work/c-authority/ca/root.pem"
# The C example's stamp: its QR code reads back from the rendered page.
pdftoppm -r 200 -png -f 1 -l 1 "$work/c.pdf" "$work/c-page"
zbarimg --quiet --raw "$work"/c-page*.png | grep -x "https://tte.example.invalid/verifikasi/nota-dinas"

if [ -n "${TTE_FAKE_TIME:-}" ]; then
  # PHP's FFI opens libtte with RTLD_DEEPBIND, so libtte reads the real clock past
  # libfaketime; the C tests and example above cover the same library on the faked one.
  echo "PHP FFI example: runs on the real clock only (not at $TTE_FAKE_TIME)"
  exit 0
fi
echo "PHP FFI example:"
php -d ffi.enable=true examples/php/sign_letter.php target/debug/libtte.so include/tte.h "$work/demo" "$work/php.pdf"
validate "$work/php.pdf" "$work/demo/authority/ca/root.pem"
php -d ffi.enable=true examples/php/office_flow.php target/debug/libtte.so include/tte.h "$work/php-authority" \
  "$work/demo/nota-dinas.pdf" "$work/php-office.pdf"
validate "$work/php-office.pdf" "$work/php-authority/ca/root.pem"
