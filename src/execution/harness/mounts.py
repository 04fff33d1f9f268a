"""Mount system calls through ctypes, shared by the unshare back-end's setup (closed_root.py) and the pool
worker's per-attempt view (zygote.ts). Loaded as source text in front of theirs."""

import ctypes
import os

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC, MS_PRIVATE, MS_RELATIME = 1024, 2048, 4096, 16384, 1 << 18, 1 << 21
LINUX_CAPABILITY_VERSION_3 = 0x20080522

libc = ctypes.CDLL(None, use_errno=True)


def mount(source, target, kind, flags, options=None):
    encode = lambda text: None if text is None else text.encode()
    check(libc.mount(encode(source), encode(target), encode(kind), ctypes.c_ulong(flags), encode(options)), "mount " + target)


def remount_read_only(path):
    mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept_flags(path))


def kept_flags(path):
    """Flags a remount inside a user namespace may not clear."""
    flags = os.statvfs(path).f_flag
    kept = flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME)
    return kept | (MS_RELATIME if flags & os.ST_RELATIME else 0)


def drop_effective_capabilities():
    """Empties the effective, permitted and inheritable sets (what an exec would give back is another matter)."""
    check(libc.capset((ctypes.c_uint32 * 2)(LINUX_CAPABILITY_VERSION_3, 0), (ctypes.c_uint32 * 6)()), "capset")


def check(result, action):
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, action + ": " + os.strerror(error))
