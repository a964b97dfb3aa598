#!/bin/sh
# Issue 20, part 4: one-off calls, each in a fresh process. For every shape, svdkit and gesdd run
# alternately (one process per call), ROUNDS rounds, OpenBLAS on one thread; prints the median time
# of each, the median minor page faults of each, and svdkit ÷ gesdd of the medians. With a second
# binary (the same program built at an earlier commit), its svdkit runs in the same rounds too,
# interleaved, and the table gains its ratio ("before") next to this binary's.
# Usage: bench/oneoff.sh path/to/svdkit_bench_oneoff [rounds] [path/to/earlier/svdkit_bench_oneoff]
#        (bench/README.md has a table)
set -eu
bin=${1:?usage: oneoff.sh path/to/svdkit_bench_oneoff [rounds] [earlier binary]}
rounds=${2:-9}
before=${3:-}
export OPENBLAS_NUM_THREADS=1
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
shapes="256:256:thin 256:256:values 512:512:thin 1024:1024:thin 1024:1024:values 2000:200:thin 4000:200:thin"
r=1
while [ "$r" -le "$rounds" ]; do
    for s in $shapes; do
        m=${s%%:*}; rest=${s#*:}; n=${rest%%:*}; job=${rest#*:}
        # alternate which side goes first from round to round
        if [ $((r % 2)) -eq 1 ]; then order="svdkit gesdd before"; else order="before gesdd svdkit"; fi
        for impl in $order; do
            if [ "$impl" = before ]; then
                [ -n "$before" ] || continue
                set -- $("$before" --impl svdkit --m "$m" --n "$n" --job "$job")
            else
                set -- $("$bin" --impl "$impl" --m "$m" --n "$n" --job "$job")
            fi
            echo "$m $n $job $impl $1 $2" >>"$tmp"
        done
    done
    r=$((r + 1))
done
if [ -n "$before" ]; then
    echo "| shape | job | svdkit ms | gesdd ms | svdkit ÷ gesdd | before ms | before ÷ gesdd | faults svdkit / gesdd / before |"
    echo "|---|---|---|---|---|---|---|---|"
else
    echo "| shape | job | svdkit ms | gesdd ms | svdkit ÷ gesdd | faults svdkit / gesdd |"
    echo "|---|---|---|---|---|---|"
fi
for s in $shapes; do
    m=${s%%:*}; rest=${s#*:}; n=${rest%%:*}; job=${rest#*:}
    med() { grep "^$m $n $job $1 " "$tmp" | awk "{print \$$2}" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
    ts=$(med svdkit 5); tg=$(med gesdd 5); fs=$(med svdkit 6); fg=$(med gesdd 6)
    if [ -n "$before" ]; then
        tb=$(med before 5); fb=$(med before 6)
        echo "$m $n $job $ts $tg $fs $fg $tb $fb" | awk '{printf "| %d×%d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %d / %d / %d |\n", $1, $2, $3, $4, $5, $4 / $5, $8, $8 / $5, $6, $7, $9}'
    else
        echo "$m $n $job $ts $tg $fs $fg" | awk '{printf "| %d×%d | %s | %.2f | %.2f | %.2f | %d / %d |\n", $1, $2, $3, $4, $5, $4 / $5, $6, $7}'
    fi
done
