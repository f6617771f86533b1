#!/usr/bin/env bash
# alternate base/new S3 runs; OUT dir; N pairs
OUT=$1; PAIRS=${2:-4}
for i in $(seq 1 $PAIRS); do
  for b in base new; do
    NOREC=1 SEC=${SEC:-15} /work/tmp/s3/prof-s3.sh $OUT/$b-$i /work/tmp/ab/$b/Tidings.dll > /dev/null 2>&1
    line=$(grep -E 'run 1:' $OUT/$b-$i/bench.out | sed 's/.*e2e/e2e/')
    cs=$(awk '/context-switches/{print $1}' $OUT/$b-$i/perf-stat.txt); tc=$(awk '/task-clock/{print $1}' $OUT/$b-$i/perf-stat.txt)
    echo "$b $i ctx/5s $cs task-ms/5s $tc | $line"
  done
done
