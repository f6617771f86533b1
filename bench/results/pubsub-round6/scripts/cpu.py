import os, time, resource
def run(mode, n=4000, size=1100):
    p='/work/tmp/fs/f-'+mode
    if os.path.exists(p): os.remove(p)
    fd=os.open(p, os.O_RDWR|os.O_CREAT, 0o644)
    if mode=='fallocate': os.posix_fallocate(fd,0,64<<20); os.fsync(fd)
    if mode=='zeroed':
        z=b'\0'*(1<<20)
        for i in range(64): os.pwrite(fd,z,i<<20)
        os.fsync(fd)
    buf=b'x'*size; off=0
    r0=resource.getrusage(resource.RUSAGE_SELF); t0=time.perf_counter()
    for i in range(n):
        os.pwrite(fd,buf,off); off+=size; os.fdatasync(fd)
    r1=resource.getrusage(resource.RUSAGE_SELF); t1=time.perf_counter()
    cpu=(r1.ru_utime-r0.ru_utime+r1.ru_stime-r0.ru_stime)/n*1e6
    print(f"{mode:10s}: wall {(t1-t0)/n*1e6:.0f} us/op, cpu {cpu:.0f} us/op, nvcsw {(r1.ru_nvcsw-r0.ru_nvcsw)/n:.2f}/op")
    os.close(fd); os.remove(p)
for m in ('grow','zeroed','fallocate','grow','zeroed','fallocate'): run(m)
