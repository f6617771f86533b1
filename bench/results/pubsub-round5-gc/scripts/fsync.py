import os, time, sys
def run(mode, n=3000, size=1100):
    p='/work/tmp/fs/f-'+mode
    if os.path.exists(p): os.remove(p)
    fd=os.open(p, os.O_RDWR|os.O_CREAT, 0o644)
    total=64*1024*1024
    if mode=='fallocate': os.posix_fallocate(fd,0,total); os.fsync(fd)
    if mode=='zeroed':
        z=b'\0'*(1<<20)
        for i in range(64): os.pwrite(fd,z,i<<20)
        os.fsync(fd)
    buf=b'x'*size; off=0; ts=[]
    for i in range(n):
        os.pwrite(fd,buf,off); off+=size
        t=time.perf_counter(); os.fdatasync(fd); ts.append(time.perf_counter()-t)
    ts.sort(); os.close(fd); os.remove(p)
    print(f"{mode:10s} size {size}: fdatasync p50 {ts[len(ts)//2]*1e3:.3f} ms p90 {ts[int(len(ts)*.9)]*1e3:.3f} p99 {ts[int(len(ts)*.99)]*1e3:.3f}")
for size in (1100, 1<<20):
    for m in ('grow','fallocate','zeroed','grow','zeroed'):
        run(m, n=3000 if size<10000 else 300, size=size)
