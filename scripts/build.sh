#!/usr/bin/env bash
# Configures and builds tingbao into build/ (the program is build/tingbao, its lexicon
# build/tingbao.lex). Extra arguments go to CMake's configure step, e.g.
#   scripts/build.sh -DTB_SANITIZE=ON          (ASan + UBSan)
# BUILD_DIR chooses another build directory.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$top/build}
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
