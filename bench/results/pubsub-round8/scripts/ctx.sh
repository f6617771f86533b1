#!/usr/bin/env bash
# per-thread context switches of PID over SEC seconds
pid=$1; sec=${2:-5}
snap() { for t in /proc/$pid/task/*; do echo "$(basename $t) $(cat $t/comm | tr ' ' _) $(awk '/voluntary_ctxt_switches/{s+=$2} END{print s}' $t/status) $(awk '{print $14+$15}' $t/stat)"; done | sort; }
snap > /tmp/ctx.a; sleep $sec; snap > /tmp/ctx.b
join /tmp/ctx.a /tmp/ctx.b | awk '{d=$6-$3; c=$7-$4; if (d>0||c>0) {n[$2]+=1; s[$2]+=d; t[$2]+=c}} END{for (k in s) printf "%-28s threads %3d switches %8d cpu_ticks %5d\n", k, n[k], s[k], t[k]}' | sort -k5 -n -r
