import os, time, resource, ctypes
libc=ctypes.CDLL("libc.so.6", use_errno=True)
libc.fallocate.argtypes=[ctypes.c_int, ctypes.c_int, ctypes.c_long, ctypes.c_long]
def run(mode, n=4000, size=1100):
    p='/work/tmp/fs/f-'+mode
    if os.path.exists(p): os.remove(p)
    fd=os.open(p, os.O_RDWR|os.O_CREAT, 0o644)
    if mode=='keepsize':
        assert libc.fallocate(fd,1,0,64<<20)==0; os.fsync(fd)
    if mode=='fallocate': os.posix_fallocate(fd,0,64<<20); os.fsync(fd)
    buf=b'x'*size; off=0
    r0=resource.getrusage(resource.RUSAGE_SELF); t0=time.perf_counter(); ts=[]
    for i in range(n):
        os.pwrite(fd,buf,off); off+=size; t=time.perf_counter(); os.fdatasync(fd); ts.append(time.perf_counter()-t)
    r1=resource.getrusage(resource.RUSAGE_SELF); t1=time.perf_counter(); ts.sort()
    cpu=(r1.ru_utime-r0.ru_utime+r1.ru_stime-r0.ru_stime)/n*1e6
    print(f"{mode:10s}: wall {(t1-t0)/n*1e6:.0f} us/op, cpu {cpu:.0f} us/op, nvcsw {(r1.ru_nvcsw-r0.ru_nvcsw)/n:.2f}/op, fsync p50 {ts[n//2]*1e6:.0f} p99 {ts[int(n*.99)]*1e6:.0f} us, size {os.fstat(fd).st_size}")
    os.close(fd); os.remove(p)
for m in ('grow','keepsize','fallocate','grow','keepsize','fallocate'): run(m)
