#!/bin/sh
# Regenerates examples/data/digits/digits.csv (the default input of examples/eigenfaces.cpp) from
# the copy of the UCI "Optical Recognition of Handwritten Digits" test set (optdigits.tes: 1797
# images of 8x8 pixels, values 0..16, and the digit) that Debian 12's python3-sklearn
# 1.2.1+dfsg-1 ships as sklearn/datasets/data/digits.csv.gz. Needs Debian 12's apt; nothing is
# installed (apt-get download and dpkg-deb -x unpack into a temporary folder).
# Usage: make_digits.sh [OUTPUT_FILE]
#
# The only change is a header row: p00 .. p77 name the pixels by row and column (row-major, as
# the 64 values stand in each record), then "label". Records and values are kept as they are.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/digits.csv}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

(cd "$work" && apt-get download python3-sklearn=1.2.1+dfsg-1 >/dev/null)
dpkg-deb -x "$work"/python3-sklearn_*.deb "$work/root"
src="$work/root/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"

{
    header=""
    for r in 0 1 2 3 4 5 6 7; do
        for c in 0 1 2 3 4 5 6 7; do header="$header${header:+,}p$r$c"; done
    done
    echo "$header,label"
    gzip -dc "$src"
} >"$work/digits.csv"
test "$(wc -l <"$work/digits.csv")" -eq 1798                         # header + 1797 images
test "$(awk -F, 'NF != 65' "$work/digits.csv" | wc -l)" -eq 0          # 64 pixels + label each
mv "$work/digits.csv" "$out"
