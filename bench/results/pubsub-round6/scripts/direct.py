import os, time, mmap
def run(mode, n=300, size=1<<20):
    p='/work/tmp/fs/d-'+mode
    if os.path.exists(p): os.remove(p)
    flags=os.O_RDWR|os.O_CREAT
    if mode.startswith('direct'): flags|=os.O_DIRECT
    if mode=='direct-dsync': flags|=os.O_DSYNC
    fd=os.open(p, flags, 0o644)
    if 'prealloc' in mode or mode.startswith('direct'): os.posix_fallocate(fd,0,n*size+(1<<20)); os.fsync(fd)
    buf=mmap.mmap(-1,size); buf.write(b'x'*size)
    src=bytearray(b'y'*size)
    ts=[]; off=0
    for i in range(n):
        t=time.perf_counter()
        if mode.startswith('direct'):
            buf.seek(0); buf.write(src)  # the copy into an aligned buffer
            os.pwrite(fd,buf,off)
            if mode=='direct-fdatasync': os.fdatasync(fd)
        else:
            os.pwrite(fd,src,off); os.fdatasync(fd)
        ts.append(time.perf_counter()-t); off+=size
    ts.sort(); os.close(fd); os.remove(p)
    print(f"{mode:18s}: p50 {ts[n//2]*1e3:.3f} ms p90 {ts[int(n*.9)]*1e3:.3f}")
for m in ('buffered','buffered-prealloc','direct-dsync','direct-fdatasync','buffered','direct-dsync','direct-fdatasync'): run(m)
