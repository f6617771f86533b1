import os, time, threading, sys
mode=sys.argv[1]; SEC=float(sys.argv[2]); step=int(sys.argv[3]) if len(sys.argv)>3 else 0
stop=False; events=[]
def other():
    i=0
    while not stop:
        i+=1; p=f'/work/tmp/fs/seg{i}'
        time.sleep(5)
        if stop: break
        t=time.perf_counter()
        if mode=='oneshot': os.unlink(p)
        elif mode=='steps':
            fd=os.open(p, os.O_RDWR); size=64<<20
            while size>0 and not stop:
                size=max(0,size-step); os.ftruncate(fd,size); time.sleep(0.05)
            os.close(fd); os.unlink(p)
        elif mode=='keep': pass
        events.append(round(time.time()%1000,1))
z=b'z'*(1<<20)
for i in range(1,13):
    fd=os.open(f'/work/tmp/fs/seg{i}', os.O_RDWR|os.O_CREAT,0o644)
    for k in range(64): os.write(fd,z)
    os.fsync(fd); os.close(fd)
time.sleep(3)
th=threading.Thread(target=other, daemon=True); th.start()
p='/work/tmp/fs/long'; fd=os.open(p, os.O_RDWR|os.O_CREAT|os.O_TRUNC, 0o644)
buf=b'x'*1100; off=0; ts=[]; end=time.time()+SEC; big=[]
while time.time()<end:
    os.pwrite(fd,buf,off); off+=1100
    t=time.perf_counter(); os.fdatasync(fd); d=time.perf_counter()-t; ts.append(d)
    if d>0.02: big.append((round(time.time()%1000,1), round(d*1e3,1)))
    time.sleep(0.0003)
stop=True
ts.sort(); n=len(ts)
print(f"{mode} {step}: n {n} p50 {ts[n//2]*1e3:.3f} p99 {ts[int(n*.99)]*1e3:.3f} p99.9 {ts[int(n*.999)]*1e3:.2f} max {ts[-1]*1e3:.1f} ms; deletes at {events}; >20ms: {big}")
os.close(fd); os.unlink(p)
for f in os.listdir('/work/tmp/fs'):
    if f.startswith('seg'): os.unlink('/work/tmp/fs/'+f)
