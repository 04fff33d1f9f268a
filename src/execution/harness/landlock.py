"""Landlock (Linux 5.13+), for the `process` back-end, which has no file system of its own: the worker that runs
user code confines itself, and everything it starts, to reading the paths of `readable` (the system directories
and the interpreter), reading and writing `devices`, and anything in `writable` (its work directory). Where the
kernel's Landlock is new enough, it also refuses TCP (ABI 4), and signals and abstract unix sockets reaching
outside the worker (ABI 6). A confined process cannot trace or read the memory of one outside (ABI 1). Needs
`no_new_privs` first. Loaded as source text after linux_calls.py (its `libc`)."""

LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1
SYS_LANDLOCK = {"create_ruleset": 444, "add_rule": 445, "restrict_self": 446}  # the same on every architecture

ACCESS_EXECUTE, ACCESS_WRITE_FILE, ACCESS_READ_FILE, ACCESS_READ_DIR = 1, 2, 4, 8
ACCESS_REFER, ACCESS_TRUNCATE, ACCESS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
ACCESS_NET_BIND_TCP, ACCESS_NET_CONNECT_TCP = 1, 2
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2
# Rights that mean something for a file (not a directory): a rule for a file may name only these.
FILE_ACCESS = ACCESS_EXECUTE | ACCESS_WRITE_FILE | ACCESS_READ_FILE | ACCESS_TRUNCATE | ACCESS_IOCTL_DEV


def landlock_abi():
    """The kernel's Landlock ABI version; 0 where there is none (an old kernel, Landlock not enabled, not Linux)."""
    if libc is None:
        return 0
    version = libc.syscall(SYS_LANDLOCK["create_ruleset"], None, ctypes.c_size_t(0), ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    return max(version, 0)


def handled_file_access(abi):
    """Every file-system right this ABI knows: all of them are denied unless a rule allows them."""
    rights = (1 << 13) - 1  # ABI 1: execute … make_sym
    if abi >= 2:
        rights |= ACCESS_REFER
    if abi >= 3:
        rights |= ACCESS_TRUNCATE
    if abi >= 5:
        rights |= ACCESS_IOCTL_DEV
    return rights


def confine_file_system(rules):
    """Confines this process (and its future children) to `rules` ({"readable", "writable", "devices"}: paths).
    Returns the ABI it used; 0, doing nothing, where the kernel has no Landlock."""
    import struct

    abi = landlock_abi()
    if abi == 0:
        return 0
    handled = handled_file_access(abi)
    fields = [handled]
    if abi >= 4:
        fields.append(ACCESS_NET_BIND_TCP | ACCESS_NET_CONNECT_TCP)
    if abi >= 6:
        fields.append(SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL)
    attributes = struct.pack("=%dQ" % len(fields), *fields)
    ruleset = libc.syscall(SYS_LANDLOCK["create_ruleset"], attributes, ctypes.c_size_t(len(attributes)), ctypes.c_uint32(0))
    if ruleset < 0:
        check(-1, "landlock_create_ruleset")
    try:
        read = ACCESS_EXECUTE | ACCESS_READ_FILE | ACCESS_READ_DIR
        for paths, rights in ((rules["readable"], read), (rules["devices"], ACCESS_READ_FILE | ACCESS_WRITE_FILE | ACCESS_IOCTL_DEV), (rules["writable"], handled)):
            for path in paths:
                allow(ruleset, path, rights & handled)
        check(libc.syscall(SYS_LANDLOCK["restrict_self"], ruleset, ctypes.c_uint32(0)), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    return abi


def allow(ruleset, path, rights):
    """Adds a rule for what lies beneath `path` (a path that does not exist here is skipped)."""
    import stat
    import struct

    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            rights &= FILE_ACCESS
        rule = struct.pack("=Qi", rights, fd)
        check(libc.syscall(SYS_LANDLOCK["add_rule"], ruleset, ctypes.c_uint32(LANDLOCK_RULE_PATH_BENEATH), rule, ctypes.c_uint32(0)), "landlock_add_rule " + path)
    finally:
        os.close(fd)
