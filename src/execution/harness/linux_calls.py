"""Linux system calls through ctypes, for mounts and capabilities: shared by the unshare back-end's setup
(closed_root.py), the pool worker's per-attempt view (zygote.py) and the program's process of isolated
assert-style grading (program_server.py). Loaded as source text in front of theirs; elsewhere than Linux `libc`
is None and nothing here may be called."""

import ctypes
import os
import sys

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC, MS_PRIVATE, MS_RELATIME = 1024, 2048, 4096, 16384, 1 << 18, 1 << 21
LINUX_CAPABILITY_VERSION_3 = 0x20080522
PR_CAPBSET_DROP = 24
PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 47, 4

libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


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


def effective_capabilities():
    """The effective set, as a bit mask."""
    data = (ctypes.c_uint32 * 6)()  # two {effective, permitted, inheritable}: the low 32 capabilities, then the rest
    check(libc.capget((ctypes.c_uint32 * 2)(LINUX_CAPABILITY_VERSION_3, 0), data), "capget")
    return data[0] | data[3] << 32


def drop_all_capabilities():
    """None survive an exec, even for uid 0: not ambient, not in the bounding set, not inheritable."""
    check(libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clear ambient capabilities")
    with open("/proc/sys/kernel/cap_last_cap") as last:
        for cap in range(int(last.read()) + 1):
            check(libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), "drop capability %d" % cap)
    drop_effective_capabilities()


def check(result, action):
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, action + ": " + os.strerror(error))
