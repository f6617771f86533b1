#!/usr/bin/env bash
# alternate runtime 10.0.12 / 11.0.0 on the same build; S3 at 2,000/s durable. Runs ../../pubsub-round6/scripts/prof-s3.sh
# (copied to /work/tmp/s3/ with ctx.sh beside it), whose DOTNET_BIN names the muxer
OUT=$1; PAIRS=${2:-3}; R=/work/tmp/net11/root
DLL=/work/main/src/Tidings/bin/Release/net10.0/Tidings.dll
for i in $(seq 1 $PAIRS); do
  for rt in rt10 rt11; do
    if [ $rt = rt11 ]; then export DOTNET_BIN=$R/dotnet SRVENV="DOTNET_ROOT=$R DOTNET_ROLL_FORWARD=Major"; else export DOTNET_BIN=dotnet SRVENV=""; fi
    NOREC=1 SEC=${SEC:-15} /work/tmp/s3/prof-s3.sh $OUT/$rt-$i $DLL > /dev/null 2>&1
    line=$(grep -E 'run 1:' $OUT/$rt-$i/bench.out | sed 's/.*e2e/e2e/')
    cs=$(awk '/context-switches/{print $1}' $OUT/$rt-$i/perf-stat.txt); tc=$(awk '/task-clock/{print $1}' $OUT/$rt-$i/perf-stat.txt)
    echo "$rt $i ctx/5s $cs task-ms/5s $tc | $line"
  done
done
