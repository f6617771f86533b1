import os, time
p='/work/tmp/fs/long'; fd=os.open(p, os.O_RDWR|os.O_CREAT|os.O_TRUNC, 0o644)
buf=b'x'*1100; off=0; ts=[]; end=time.time()+float(os.environ.get('SEC','40')); big=[]
while time.time()<end:
    os.pwrite(fd,buf,off); off+=1100
    t=time.perf_counter(); os.fdatasync(fd); d=time.perf_counter()-t; ts.append(d)
    if d>0.005: big.append((round(time.time()%1000,2), round(d*1e3,1)))
    if off > 64<<20: os.ftruncate(fd,0); off=0
    time.sleep(0.0003)
ts.sort(); n=len(ts)
print(f"n {n} p50 {ts[n//2]*1e3:.3f} p99 {ts[int(n*.99)]*1e3:.3f} p99.9 {ts[int(n*.999)]*1e3:.2f} max {ts[-1]*1e3:.1f} ms; >5ms: {len(big)} {big[:20]}")
