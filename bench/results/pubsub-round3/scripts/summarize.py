#!/usr/bin/env python3
"""Medians [min-max] per build of one A/B sitting: bench figures, /proc CPU and wake-ups, perf counts per message."""
import json, sys, glob, os, re, statistics as st
def fmt(v):
    v = sorted(v)
    if not v: return '-'
    m = st.median(v)
    d = 2 if m < 10 else 1 if m < 100 else 0
    return f"{m:.{d}f} [{v[0]:.{d}f}–{v[-1]:.{d}f}]"
for d in sys.argv[1:]:
    print(f"## {os.path.basename(d.rstrip('/'))}")
    proc = [json.loads(l) for l in open(os.path.join(d, 'proc.jsonl')) if l.strip()]
    builds = list(dict.fromkeys(p['build'] for p in proc))
    scen = sorted(set(p['scenario'] for p in proc))
    for s in scen:
        rows = []
        for b in builds:
            ok = [p for p in proc if p['build'] == b and p['scenario'] == s and p.get('cpu_ms', 0) > 0]
            bench = [json.loads(l) for l in open(os.path.join(d, f'{b}-{s}.jsonl'))] if os.path.exists(os.path.join(d, f'{b}-{s}.jsonl')) else []
            perf = {}
            for p in ok:
                f = os.path.join(d, f"{b}-{s}-r{p['round']}.perf")
                for line in open(f):
                    parts = line.strip().split(',')
                    if len(parts) > 3 and parts[0].replace('.', '').isdigit():
                        perf.setdefault(parts[2].split(':')[-1], []).append(float(parts[0]) / p['msgs'])
            r = {'build': b, 'runs': len(ok),
                 'cpu µs/msg (/proc, whole run)': fmt([p['cpu_us_per_msg'] for p in ok]),
                 'voluntary switches/msg': fmt([p['vol_ctx_per_msg'] for p in ok if 'vol_ctx_per_msg' in p]),
                 'context switches/msg (perf)': fmt(perf.get('context-switches', [])),
                 'syscalls/msg': fmt(perf.get('sys_enter', [])),
                 'futex/msg': fmt(perf.get('sys_enter_futex', [])),
                 'sched_yield/msg': fmt(perf.get('sys_enter_sched_yield', [])),
                 'fdatasync/msg': fmt(perf.get('sys_enter_fdatasync', [])),
                 'load': ' / '.join(p['load'].split()[0] for p in ok)}
            if s == 'S3':
                r.update({'p50 ms': fmt([x['p50_ms'] for x in bench]), 'p99 ms': fmt([x['p99_ms'] for x in bench]),
                          'p99.9 ms': fmt([x['p999_ms'] for x in bench]), 'server CPU % (timed phase)': fmt([x['srv_cpu_pct'] for x in bench])})
            else:
                r.update({'msg/s': fmt([x['msgs_per_s'] for x in bench]), 'server CPU % (timed phase)': fmt([x['srv_cpu_pct'] for x in bench])})
            rows.append(r)
        keys = [k for k in rows[0] if k != 'build']
        print(f"\n| {s} | " + ' | '.join(r['build'] for r in rows) + ' |')
        print('|---|' + '---:|' * len(rows))
        for k in keys:
            print(f"| {k} | " + ' | '.join(str(r[k]) for r in rows) + ' |')
    print()
