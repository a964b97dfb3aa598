#!/bin/sh
# Regenerates examples/data/lsa_corpus/ (the default corpus of examples/lsa.cpp) from Debian's
# King James Version text: bible-kjv-text 4.38 (the compressed text, public domain) read back with
# the `bible` program of bible-kjv 4.38. Needs Debian 12's apt; nothing is installed (apt-get
# download and dpkg-deb -x unpack into a temporary folder). Usage: make_lsa_corpus.sh [OUTPUT_DIR]
#
# One document per chapter, for every fifth chapter of every book (chapters 1, 6, 11, ...): 266 of
# the 1,189 chapters, so that every book is there and the corpus stays under 1 MB. A file holds
# its chapter's verses, one a line, each after its verse number; nothing is trimmed or edited.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/lsa_corpus}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

(cd "$work" && apt-get download bible-kjv=4.38 bible-kjv-text=4.38 >/dev/null)
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
# -f turns pretty-printing off: one verse a line, "Ge1:1 In the beginning ...".
"$work/root/usr/bin/bible" -f -p "$work/root/usr/lib" 'Gen1:1-Rev22:21' >"$work/kjv.txt"
test "$(wc -l <"$work/kjv.txt")" -eq 31102  # every verse of the KJV

rm -rf "$out"
mkdir -p "$out"
# "Ge1:1 text" -> "Ge<TAB>1<TAB>1<TAB>text", then one file per selected chapter, named
# <book number>_<book>_<chapter>.txt so that sorting by name keeps the canonical order.
sed -E 's/^([0-9]?[A-Za-z]+)([0-9]+):([0-9]+) /\1\t\2\t\3\t/' "$work/kjv.txt" |
awk -F '\t' -v out="$out" '
BEGIN {
    n = split("Ge genesis Exo exodus Lev leviticus Num numbers Deu deuteronomy Josh joshua " \
              "Jdgs judges Ruth ruth 1Sm 1_samuel 2Sm 2_samuel 1Ki 1_kings 2Ki 2_kings " \
              "1Chr 1_chronicles 2Chr 2_chronicles Ezra ezra Neh nehemiah Est esther Job job " \
              "Psa psalms Prv proverbs Eccl ecclesiastes SSol song_of_solomon Isa isaiah " \
              "Jer jeremiah Lam lamentations Eze ezekiel Dan daniel Hos hosea Joel joel Amos amos " \
              "Obad obadiah Jonah jonah Mic micah Nahum nahum Hab habakkuk Zep zephaniah " \
              "Hag haggai Zec zechariah Mal malachi Mat matthew Mark mark Luke luke John john " \
              "Acts acts Rom romans 1Cor 1_corinthians 2Cor 2_corinthians Gal galatians " \
              "Eph ephesians Phi philippians Col colossians 1Th 1_thessalonians " \
              "2Th 2_thessalonians 1Tim 1_timothy 2Tim 2_timothy Titus titus Phmn philemon " \
              "Heb hebrews Jas james 1Pet 1_peter 2Pet 2_peter 1Jn 1_john 2Jn 2_john 3Jn 3_john " \
              "Jude jude Rev revelation", w, " ")
    for (i = 1; i < n; i += 2) { name[w[i]] = w[i + 1]; number[w[i]] = (i + 1) / 2 }
}
NF != 4 || !($1 in name) { print "unexpected line " NR ": " $0 > "/dev/stderr"; exit 1 }
($2 - 1) % 5 == 0 {
    file = sprintf("%s/%02d_%s_%03d.txt", out, number[$1], name[$1], $2)
    if (file != last) { if (last != "") close(last); last = file }
    print $3 " " $4 > file
}'
echo "$(ls "$out" | wc -l) documents, $(cat "$out"/* | wc -c) bytes in $out"
