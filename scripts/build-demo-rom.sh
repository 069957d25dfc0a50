#!/usr/bin/env bash
# Assembles the demo game (roms-src/demo.asm) into roms/demo.bin with dasm
# (Debian package `dasm`). The .bin is committed; a test checks it matches.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-roms/demo.bin}")
command -v dasm >/dev/null || { echo "dasm is not installed (apt-get install dasm)" >&2; exit 1; }
(cd roms-src && dasm demo.asm -f3 -o"$out" >/dev/null)
echo "assembled $out ($(wc -c < "$out") bytes, md5 $(md5sum "$out" | cut -d' ' -f1))"
