#!/usr/bin/env bash
# Writes tte.pc for a built or installed libtte.
# Usage: write-pkg-config.sh PREFIX LIBDIR INCLUDEDIR OUT_FILE
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: $0 PREFIX LIBDIR INCLUDEDIR OUT_FILE" >&2
  exit 2
fi
here=$(dirname "$0")
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$here/../Cargo.toml" | head -1)
mkdir -p "$(dirname "$4")"
sed -e "s#@PREFIX@#$1#" -e "s#@LIBDIR@#$2#" -e "s#@INCLUDEDIR@#$3#" -e "s#@VERSION@#$version#" \
  "$here/tte.pc.in" > "$4"
