"""The closed file system of the `unshare` back-end, built the way bubblewrap builds its own.

Run as `python -I -S -c <linux_calls.py + this file> '<setup JSON>' command...` as the first process of util-linux
`unshare --mount --pid --fork --mount-proc ...`, with the capabilities of the namespace's owner (`--keep-caps`
when unprivileged, or root). It mounts an empty tmpfs as the new root, fills it from the view
(file-system-view.ts; setup: `{"view": [entries], "cwd", "dropCapabilities", "tmpfsOptions", "keepFds"}`),
pivots into it, detaches the host's file system, makes the root and /dev read-only, gives up its capabilities
unless the harness needs them to switch user code to a user of its own, closes every descriptor from `keepFds` up, and
replaces itself with the command. Any failure exits 125 with why.
"""

# Everything is imported before the first pivot: the interpreter's own files are out of reach until the end.
import json
import os
import sys

MNT_DETACH = 2
PR_SET_NO_NEW_PRIVS = 38
SETUP_FAILED = 125
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")
DEVICE_LINKS = (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2"))

# Where the build happens: a tmpfs over /tmp holding the new root and, after the first pivot, the host's.
BASE = "/tmp"
NEW_ROOT = "/newroot"
OLD_ROOT = "/oldroot"


def main():
    setup = json.loads(sys.argv[1])
    command = sys.argv[2:]  # -c: argv[0] is "-c"
    try:
        build(setup["view"], setup["tmpfsOptions"])
        os.chdir(setup["cwd"])
        if setup["dropCapabilities"]:
            drop_all_capabilities()
        check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
        os.closerange(setup["keepFds"], os.sysconf("SC_OPEN_MAX"))
    except OSError as error:
        print("selfbench: closed file system: %s" % error, file=sys.stderr)
        os._exit(SETUP_FAILED)
    os.execv(command[0], command)


def build(view, tmpfs_options):
    os.umask(0o022)
    mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing propagates back to the host
    mount("tmpfs", BASE, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")
    os.mkdir(BASE + OLD_ROOT)
    os.mkdir(BASE + NEW_ROOT)
    mount("tmpfs", BASE + NEW_ROOT, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")
    os.chdir(BASE)
    pivot_root(".", OLD_ROOT[1:])  # the host's root is now /oldroot, below the build's tmpfs
    for entry in view:
        add(entry, tmpfs_options)
    check(libc.umount2(OLD_ROOT.encode(), MNT_DETACH), "umount " + OLD_ROOT)
    os.chdir(NEW_ROOT)
    pivot_root(".", ".")  # the build's tmpfs ends up stacked on the new root, and goes with the next line
    check(libc.umount2(b".", MNT_DETACH), "umount the build's root")
    os.chdir("/")
    remount_read_only("/")
    remount_read_only("/dev")


def add(entry, tmpfs_options):
    kind, path = entry["kind"], entry["path"]
    target = NEW_ROOT + path
    if kind in ("ro-bind", "bind"):
        source = OLD_ROOT + entry["source"]
        make_mount_point(target, os.path.isdir(source))
        # Recursive: a non-recursive bind of a tree with locked submounts is refused in a user namespace.
        mount(source, target, None, MS_BIND | MS_REC)
        if kind == "ro-bind":
            for point in mount_points_under(target):
                remount_read_only(point)
    elif kind == "symlink":
        os.symlink(entry["target"], target)
    elif kind == "dir":
        os.makedirs(target, mode=0o755, exist_ok=True)
    elif kind == "proc":
        make_mount_point(target, True)
        mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    elif kind == "dev":
        make_mount_point(target, True)
        mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755")
        for device in DEVICES:
            make_mount_point(target + "/" + device, False)
            mount(OLD_ROOT + "/dev/" + device, target + "/" + device, None, MS_BIND)
        for name, link in DEVICE_LINKS:
            os.symlink(link, target + "/" + name)
        make_mount_point(target + "/shm", True)
        mount("tmpfs", target + "/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777," + tmpfs_options)
    elif kind == "tmpfs":
        make_mount_point(target, True)
        mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=%o,%s" % (entry["mode"], tmpfs_options))
    else:
        raise OSError(0, "unknown view entry " + kind)


def make_mount_point(path, directory):
    os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
    if directory:
        os.makedirs(path, mode=0o755, exist_ok=True)
    elif not os.path.exists(path):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o644))


def mount_points_under(target):
    """The bind's own mount and every mount below it (fields of /proc/self/mountinfo: the fifth is the mount point)."""
    with open(OLD_ROOT + "/proc/self/mountinfo") as mountinfo:
        points = [decode_octal(line.split()[4]) for line in mountinfo]
    return [point for point in points if point == target or point.startswith(target + "/")]


def decode_octal(field):
    """mountinfo writes space, tab, newline and backslash as \\ooo. (No codec: nothing may be imported once
    the host's root has moved, and codecs are imported on first use.)"""
    parts = field.split("\\")
    return parts[0] + "".join(chr(int(part[:3], 8)) + part[3:] for part in parts[1:])


def pivot_root(new_root, put_old):
    SYS_pivot_root = {"x86_64": 155, "aarch64": 41}.get(os.uname().machine)
    if SYS_pivot_root is None:
        raise OSError(0, "pivot_root: unknown system call number on " + os.uname().machine)
    check(libc.syscall(SYS_pivot_root, new_root.encode(), put_old.encode()), "pivot_root")


main()
