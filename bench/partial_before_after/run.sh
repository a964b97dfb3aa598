#!/bin/sh
# partial_before_after: builds main.cpp with side.cpp twice (BEFORE's include/ under a renamed
# namespace, this checkout's include/) and runs it from this checkout's root.
# Usage: bench/partial_before_after/run.sh BEFORE_CHECKOUT [--reps N] [--case TEXT]
#   e.g. git worktree add /tmp/before f9d58e3 && nice -n 10 bench/partial_before_after/run.sh /tmp/before --reps 9
set -eu
before=${1:?usage: run.sh BEFORE_CHECKOUT [--reps N] [--case TEXT]}
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${TMPDIR:-/tmp}/partial_before_after
mkdir -p "$out"
flags="-O3 -march=native -std=c++17 -DNDEBUG"
g++ $flags -I "$before/include" -Dsvdkit=svdkit_before -DSIDE=before_side -c "$here/side.cpp" -o "$out/before.o"
g++ $flags -I "$root/include" -DSIDE=after_side -c "$here/side.cpp" -o "$out/after.o"
g++ $flags -I /usr/include/eigen3 -I "$root/include" -c "$here/main.cpp" -o "$out/main.o"
g++ "$out/before.o" "$out/after.o" "$out/main.o" -o "$out/partial_before_after"
cd "$root"
"$out/partial_before_after" "$@"
