import os, time, threading, sys
mode=sys.argv[1]; SEC=float(sys.argv[2]) if len(sys.argv)>2 else 30
stop=False
def other():
    i=0
    while not stop:
        time.sleep(3); i+=1
        p=f'/work/tmp/fs/other{i}'
        if mode=='unlink':
            fd=os.open(p, os.O_RDWR|os.O_CREAT,0o644); os.write(fd, b'z'*(40<<20)); os.fsync(fd); os.close(fd)
            time.sleep(1); t=time.perf_counter(); os.unlink(p); print(f"  unlink {1e3*(time.perf_counter()-t):.1f} ms", flush=True)
        elif mode=='bigwrite':
            fd=os.open(p, os.O_RDWR|os.O_CREAT,0o644); os.write(fd, b'z'*(3<<20)); t=time.perf_counter(); os.fsync(fd); print(f"  other fsync {1e3*(time.perf_counter()-t):.1f} ms", flush=True); os.close(fd); os.unlink(p)
th=threading.Thread(target=other, daemon=True); th.start()
p='/work/tmp/fs/long'; fd=os.open(p, os.O_RDWR|os.O_CREAT|os.O_TRUNC, 0o644)
buf=b'x'*1100; off=0; ts=[]; end=time.time()+SEC; big=[]
while time.time()<end:
    os.pwrite(fd,buf,off); off+=1100
    t=time.perf_counter(); os.fdatasync(fd); d=time.perf_counter()-t; ts.append(d)
    if d>0.01: big.append(round(d*1e3,1))
    time.sleep(0.0003)
stop=True
ts.sort(); n=len(ts)
print(f"{mode}: n {n} p50 {ts[n//2]*1e3:.3f} p99 {ts[int(n*.99)]*1e3:.3f} p99.9 {ts[int(n*.999)]*1e3:.2f} max {ts[-1]*1e3:.1f} ms; >10ms: {big}")
os.close(fd); os.unlink(p)
