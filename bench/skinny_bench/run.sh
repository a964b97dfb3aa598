#!/bin/sh
# skinny_bench: builds main.cpp with side.cpp twice (BEFORE's include/ under a renamed namespace,
# this checkout's include/) with the given optimization flags, and runs it.
# Usage: bench/skinny_bench/run.sh BEFORE_CHECKOUT "FLAGS" [--reps N] [--quick]
#   e.g. git worktree add /tmp/before 6a5e809 && bench/skinny_bench/run.sh /tmp/before "-O3 -march=native"
set -eu
before=${1:?usage: run.sh BEFORE_CHECKOUT FLAGS [--reps N]}
flags="${2:?usage: run.sh BEFORE_CHECKOUT FLAGS [--reps N]} -std=c++17 -DNDEBUG"
shift 2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${TMPDIR:-/tmp}/skinny_bench/$(echo "$flags" | tr -c 'a-zA-Z0-9\n' '_')
mkdir -p "$out"
g++ $flags -I "$before/include" -Dsvdkit=svdkit_before -DSIDE=before_side -c "$here/side.cpp" -o "$out/before.o"
g++ $flags -I "$root/include" -DSIDE=after_side -c "$here/side.cpp" -o "$out/after.o"
g++ $flags -c "$here/main.cpp" -o "$out/main.o"
g++ "$out/before.o" "$out/after.o" "$out/main.o" -o "$out/skinny_bench"
"$out/skinny_bench" "$@"
