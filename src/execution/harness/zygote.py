"""The Python side of a pool worker, run as `python -S -c ZYGOTE_SCRIPT '<site-packages>' '<ZygoteConfig>'` (or from
that script's bytecode, zygote-bytecode.ts) inside the back-end's sandbox (zygote.ts puts harness.py (with
linux_calls.py) and ZYGOTE_CONSTANTS in front of this file). It loads the harness once, says ready, imports its warm
modules while no attempt waits, and reads commands from stdin, each a 4-byte big-endian length and JSON: an attempt
(`{"id", "workDir", "env", "programServer"}`, followed by its job, framed the same way: the nonce's line and the
job's) or a kill (`{"kill": id}`). It forks each attempt (with namespaces, cloned straight into new ones, as their first
process), which reads its job itself: the zygote never holds a job, and what it relays passes through one buffer
it zeroes, so that no attempt, a copy of the zygote's memory, finds another's tests or results there (nor the
program's process of isolated grading, forked before its attempt reads the job). The child gets fds 1-3 as
pipes the zygote relays to selfbench as frames, fd 4 to say it has read its job and then that it is set up
(closed before user code runs), /dev/null as stdin once the job is read, a session of its own, the attempt's
work directory as cwd and its environment, and mounts the attempt's /proc and fresh and read-only directories. Then
the harness runs the job as in a single run (limits, privilege drop, nonce'd records); with namespaces, in that
first process itself, without the single run's supervisor: the kernel ends the namespace, and whatever is left in
it, with that process. The zygote never runs user code: it is a subreaper, kills whatever an attempt leaves (on
`{"kill": id}` too), and answers `done`. It exits when stdin closes (selfbench is gone, or closed the pool). A child
never returns into the zygote's loop, whatever user code raises."""


def zygote(harness, config):
    import gc
    import json
    import os
    import select
    import selectors
    import signal
    import stat
    import struct
    import sys
    import time
    import traceback

    RESULT_FD = ZYGOTE_CONSTANTS["resultFd"]
    SET_UP_FD = RESULT_FD + 1  # an attempt's: a byte once it has read its job, another once set up (before user code)
    JOB_READ, SET_UP = b"j", b"s"
    CHUNK_BYTES = 65536
    POLL_SECONDS = 0.1
    PIPE_CLOSE_GRACE_SECONDS = ZYGOTE_CONSTANTS["pipeCloseGraceMs"] / 1000
    FRAMES = {kind: letter.encode("ascii") for kind, letter in ZYGOTE_CONSTANTS["frameKinds"].items()}
    OUTPUT_KINDS = (FRAMES["stdout"], FRAMES["stderr"], FRAMES["results"])  # fds 1, 2, 3
    PR_SET_PDEATHSIG = 1
    PR_SET_DUMPABLE = 4
    PR_SET_CHILD_SUBREAPER = 36
    CLONE_NEWNS = 0x00020000
    CLONE_NEWIPC = 0x08000000
    CLONE_NEWUSER = 0x10000000
    CLONE_NEWPID = 0x20000000
    SYS_CLONE = {"x86_64": 56, "aarch64": 220}.get(os.uname().machine)
    UID, GID = os.getuid(), os.getgid()  # as the zygote's namespace sees them: an attempt's own user namespace maps these

    PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
    tmpfs_bytes = int(dict(option.split("=", 1) for option in config["tmpfsOptions"].split(","))["size"])
    prctl = harness.load_prctl()  # None outside Linux
    frame_header = struct.Struct(">cI")
    frame_length = struct.Struct(">I")  # in front of what selfbench sends: a command, an attempt's job
    relay_buffer = memoryview(bytearray(CHUNK_BYTES))

    def main():
        if prctl is not None:
            prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # an attempt's orphans come here if its supervisor dies
            prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # processes of the same user cannot trace it or read its memory
        commands = Commands()
        freeze()
        send(FRAMES["ready"])
        # Ready before the warm imports: they are made while no attempt waits, so that they never delay one
        # (a command's start-up waits on the first attempt), and later attempts find them loaded.
        warming = list(config["warmModules"])
        while True:
            while warming and not commands.waiting():
                warm(warming.pop(0))
            command = commands.next()
            if command is None:
                os._exit(0)  # selfbench has gone
            if "workDir" in command:
                run(command, commands)
            # else a kill for an attempt that has ended already

    def freeze():
        # What the zygote holds now is shared by every attempt: out of the collector's reach, so that an attempt's
        # collections do not write to (and so copy) every page of it.
        gc.collect()
        gc.freeze()

    def warm(name):
        try:
            __import__(name)
        except ImportError:
            return
        freeze()

    class Commands:
        """Commands from selfbench on stdin, read whole and one at a time with os.read (sys.stdin must stay
        unbuffered for attempts), never past the command: an attempt's job follows it, for the attempt to read."""

        def __init__(self):
            self.pending = []
            self.closed = False

        def read(self):
            body = read_frame()
            if body is None:
                self.closed = True
            else:
                self.pending.append(json.loads(body))

        def waiting(self):
            """Whether a command has come (or stdin has closed), without waiting for one."""
            if not self.pending and not self.closed and select.select([0], [], [], 0)[0]:
                self.read()
            return bool(self.pending) or self.closed

        def next(self):
            while not self.pending and not self.closed:
                self.read()
            return self.pending.pop(0) if self.pending else None

        def kill_requested(self, attempt_id):
            killed = [command for command in self.pending if command.get("kill") == attempt_id]
            self.pending = [command for command in self.pending if command not in killed]
            return bool(killed) or self.closed

    def send(kind, payload=b""):
        write_all(memoryview(frame_header.pack(kind, len(payload)) + payload))

    def write_all(view, fd=1):
        while view:
            view = view[os.write(fd, view):]

    def forward(fd, kind):
        """Sends what `fd` has as one frame, through the relay buffer, zeroed after; returns how much (0: closed)."""
        size = os.readv(fd, [relay_buffer])
        if size:
            write_all(memoryview(frame_header.pack(kind, size)))
            write_all(relay_buffer[:size])
            relay_buffer[:size] = bytes(size)
        return size

    def read_frame():
        """What selfbench sent next on stdin, or None once it has closed; exactly that, never more."""
        head = read_exactly(0, frame_length.size, os.read)
        return None if head is None else read_exactly(0, frame_length.unpack(head)[0], os.read)

    def discard_job():
        """Reads past a job on stdin that no attempt will read, through the relay buffer."""
        head = read_exactly(0, frame_length.size, os.read)
        size = 0 if head is None else frame_length.unpack(head)[0]
        while size:
            read = os.readv(0, [relay_buffer[: min(size, CHUNK_BYTES)]])
            if not read:
                return
            relay_buffer[:read] = bytes(read)
            size -= read

    def run(attempt, commands):
        # Whether the attempt was set up is said on a pipe of its own (the last), closed before user code runs: not by
        # an exit code, which a program could choose to pass its failure off as the pool's (an infrastructure error).
        pipes = []
        try:
            for _ in range(len(OUTPUT_KINDS) + 1):
                pipes.append(os.pipe())
            pid = fork_into_namespaces() if config["namespaces"] else os.fork()
        except OSError as error:  # e.g. no namespace may be made any more: the pool's failure, not the program's
            for fd in [fd for pair in pipes for fd in pair]:
                os.close(fd)
            discard_job()
            send(FRAMES["stderr"], ("the attempt could not be started: %s\n" % error).encode())
            send(FRAMES["done"], json.dumps({"setupFailed": True}).encode())
            return
        write_ends = [write_end for _, write_end in pipes]
        if pid == 0:
            start_attempt(attempt, write_ends)
        for fd in write_ends:
            os.close(fd)
        *outputs, (set_up_read, _) = pipes
        readers = {read_end: kind for (read_end, _), kind in zip(outputs, OUTPUT_KINDS)}
        said = relay(pid, readers, set_up_read, commands, attempt["id"])
        if JOB_READ not in said:
            # Its job is still on stdin, ahead of the next command: nothing more can be read in step.
            send(FRAMES["stderr"], b"the attempt ended before it read its job\n")
            os._exit(1)
        send(FRAMES["done"], json.dumps({"setupFailed": SET_UP not in said}).encode())

    def relay(pid, readers, set_up_read, commands, attempt_id):
        """Forwards the attempt's output until its pipes close; ends the attempt when its first process exits or
        selfbench asks. Reads commands only once the attempt has read its job. Returns what the attempt said on its
        set-up pipe: all of it, whoever still holds a write end (none should: the first process is gone, and closed
        its own before user code), never waited for."""
        selector = selectors.DefaultSelector()
        for fd in (*readers, set_up_read):
            selector.register(fd, selectors.EVENT_READ)
        said = b""
        ended = False
        deadline = None
        while readers and (deadline is None or time.monotonic() < deadline):
            timeout = POLL_SECONDS if deadline is None else max(0, deadline - time.monotonic())
            for key, _ in selector.select(timeout):
                if key.fd == 0:
                    commands.read()
                    if commands.closed:
                        selector.unregister(0)
                elif key.fd == set_up_read:
                    data = os.read(set_up_read, 2)
                    said += data
                    if not data:
                        selector.unregister(set_up_read)
                    elif JOB_READ in data and not commands.closed:
                        selector.register(0, selectors.EVENT_READ)
                elif not forward(key.fd, readers[key.fd]):
                    selector.unregister(key.fd)
                    os.close(key.fd)
                    del readers[key.fd]
            if not ended and (commands.kill_requested(attempt_id) or has_exited(pid)):
                end_attempt(pid)
                ended = True
                deadline = time.monotonic() + PIPE_CLOSE_GRACE_SECONDS
        selector.close()
        for fd in readers:
            os.close(fd)
        if not ended:
            end_attempt(pid)
        os.set_blocking(set_up_read, False)
        try:
            said += os.read(set_up_read, 2)
        except BlockingIOError:
            pass
        os.close(set_up_read)
        return said

    def has_exited(pid):
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None

    def end_attempt(pid):
        """Kills the attempt's first process (with namespaces, its namespace goes with it), its group, and
        (without namespaces) every process re-parented here."""
        for kill in (os.kill, os.killpg):  # before reaping, so that its pid cannot have been reused
            try:
                kill(pid, signal.SIGKILL)
            except OSError:
                pass
        os.waitpid(pid, 0)
        if prctl is not None and not config["namespaces"]:  # an orphan in the attempt's namespace goes to its first process
            harness.kill_children()

    def start_attempt(attempt, write_ends):
        """The forked child. Exits as the interpreter would at the end of a single run."""
        status = 1
        try:
            take_descriptors(write_ends)
            try:
                enter_attempt(attempt)
                if prctl is not None and not config["namespaces"]:
                    # Without namespaces a supervisor must outlive the job to kill what it leaves. With them this process
                    # is the init of the attempt's PID namespace: when it exits the kernel kills every process left in
                    # it, and the zygote kills it from outside on request, so a supervisor would only add a process
                    # (a fork, its copied pages, its exit: a third of an attempt's cost) and change nothing.
                    harness.supervise(prctl)  # returns in the forked worker only
                server = harness.start_program_server(prctl) if attempt["programServer"] else None
            finally:
                data = take_job()  # even when the setup failed: the next command follows it
            nonce, job = harness.parse_request(data)
            harness.run_job(job, nonce, prctl, set_up, server)  # ends with os._exit
        except SystemExit as exit:
            status = exit_status(exit.code)
        except BaseException:
            traceback.print_exc()
        finally:
            harness.flush_output()
            os._exit(status)

    def take_job():
        """The attempt's job, which follows its command on the zygote's stdin (its length too: read only here, after
        the program's process has been forked); then stdin is /dev/null."""
        data = read_frame()
        harness.close_stdin()
        os.write(SET_UP_FD, JOB_READ)
        return data

    def set_up():
        """Says the attempt is set up (limits, privileges, namespaces, mounts), then closes the pipe it says it on."""
        os.write(SET_UP_FD, SET_UP)
        os.close(SET_UP_FD)

    def exit_status(code):
        if code is None:
            return 0
        if isinstance(code, int):
            return code & 0xFF
        print(code, file=sys.stderr)
        return 1

    def take_descriptors(write_ends):
        if prctl is not None:
            prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # as any process of a single run
        os.setsid()
        for fd, write_end in enumerate(write_ends, start=1):
            os.dup2(write_end, fd)
        # The zygote's pipes, selector and commands; stdin stays until the job is read.
        os.closerange(SET_UP_FD + 1, os.sysconf("SC_OPEN_MAX"))

    def enter_attempt(attempt):
        work_dir = attempt["workDir"]
        os.chdir(work_dir)
        use_environment(attempt["env"])
        sys.path[0] = work_dir  # where a single run's harness.py is
        if config["namespaces"]:
            enter_namespaces(work_dir)

    def use_environment(env):
        """Makes os.environ `env`, changing only what differs from the zygote's own (started with the same variables
        but its own directories): each change writes to pages the child shares with the zygote, and each such
        first write is a copy-on-write fault, a large part of an attempt's cost on some virtual machines."""
        for key in [key for key in os.environ if key not in env]:
            del os.environ[key]
        for key, value in env.items():
            if os.environ.get(key) != value:
                os.environ[key] = value

    def fork_into_namespaces():
        """os.fork(), but the child is born in the attempt's own PID, IPC and mount namespaces (and user namespace,
        without a privilege drop): the first process of its PID namespace, so that killing it ends them all. One
        clone instead of a fork that unshares and forks again. Python's own before- and after-fork steps run
        around it as os.fork() runs them; glibc's cached thread id is stale in the child, which only runs
        selfbench's code (the harness forks the process that runs the program with os.fork())."""
        flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | signal.SIGCHLD
        if config["ownUserNamespace"]:
            flags |= CLONE_NEWUSER
        ctypes.pythonapi.PyOS_BeforeFork()
        pid = libc.syscall(SYS_CLONE, ctypes.c_ulong(flags), None, None, None, None)
        error = ctypes.get_errno()
        if pid == 0:
            ctypes.pythonapi.PyOS_AfterFork_Child()
        else:
            ctypes.pythonapi.PyOS_AfterFork_Parent()
        if pid < 0:
            raise OSError(error, "clone: " + os.strerror(error))
        return pid

    def enter_namespaces(work_dir):
        """In the attempt's namespaces (fork_into_namespaces): maps its user, mounts its view."""
        if config["ownUserNamespace"]:
            for name, mapping in (("setgroups", "deny"), ("uid_map", "%d %d 1" % (UID, UID)), ("gid_map", "%d %d 1" % (GID, GID))):
                fd = os.open("/proc/self/" + name, os.O_WRONLY)  # not open(): a file object's buffers cost faults too
                try:
                    os.write(fd, mapping.encode("ascii"))
                finally:
                    os.close(fd)
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # the namespace ends with the zygote
        mount_attempt_view(work_dir)
        if config["ownUserNamespace"]:
            # User code must not undo these mounts with the namespace's capabilities.
            drop_effective_capabilities()

    def mount_attempt_view(work_dir):
        mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing propagates back to the sandbox
        fresh = [(path, os.stat(path)) for path in sorted(config["freshDirs"]) if os.path.isdir(path)]
        # What a fresh directory would hide and the attempt needs: its work directory (copied into the fresh worker's
        # directory it is in), and the interpreter where it lives below one (a venv under /tmp). Opened first, so still
        # reachable once hidden.
        under = lambda path, parents: any(path.startswith(parent.rstrip("/") + "/") for parent in parents)
        given = os.open(work_dir, os.O_RDONLY | os.O_DIRECTORY)
        kept = []
        for path in sorted(config["keptPaths"]):  # parents first; what a kept parent shows is not bound again
            if under(path, [fresh_path for fresh_path, _ in fresh]) and not under(path, [done for done, _ in kept]) and os.path.exists(path):
                kept.append((path, os.open(path, os.O_PATH)))
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        for path in config["readOnlyDirs"]:
            remount_read_only(path)
        for path, before in fresh:  # parents first; one below another is made again in its parent's tmpfs
            os.makedirs(path, mode=0o755, exist_ok=True)
            options = "mode=%o,uid=%d,gid=%d,%s" % (stat.S_IMODE(before.st_mode), before.st_uid, before.st_gid, config["tmpfsOptions"])
            if path == os.path.dirname(work_dir):  # the copy's: its bound is on top of what it is given (the last size counts)
                options += ",size=%d" % (tmpfs_bytes + tree_bytes(given))
            mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, options)
        for path, fd in kept:
            source = "/proc/self/fd/%d" % fd
            if os.path.isdir(source):
                os.makedirs(path, mode=0o755, exist_ok=True)
            elif not os.path.exists(path):
                os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o644))
            mount(source, path, None, MS_BIND | MS_REC)
            remount_read_only(path)
            os.close(fd)
        copy_tree(given, work_dir)
        os.close(given)
        os.chdir(work_dir)

    def tree_bytes(directory):
        """What the files below an open directory take in a tmpfs: whole pages."""
        total = 0
        for _, _, files, inner in os.fwalk(dir_fd=directory):
            for name in files:
                total += -(-os.stat(name, dir_fd=inner, follow_symlinks=False).st_size // PAGE_BYTES) * PAGE_BYTES
        return total

    def copy_tree(source, target):
        """The directory open as `source` (what selfbench gave the attempt: its program, HOME and TMPDIR) made again at
        `target`, owners and modes kept: in the attempt's own tmpfs, so that what the program writes there is bounded
        by it (tmpfsOptions) and goes with the attempt, and no mount of the host's directory is made and torn down.
        Symbolic links are not followed, nor made (selfbench puts none there)."""
        for path, _, files, inner in os.fwalk(dir_fd=source):  # parents first
            made = os.path.normpath(os.path.join(target, path))
            before = os.fstat(inner)
            os.mkdir(made)
            os.chown(made, before.st_uid, before.st_gid)
            os.chmod(made, stat.S_IMODE(before.st_mode))
            for name in files:
                if stat.S_ISREG(os.stat(name, dir_fd=inner, follow_symlinks=False).st_mode):
                    copy_file(name, inner, os.path.join(made, name))

    def copy_file(name, source_dir, target):
        source = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=source_dir)
        before = os.fstat(source)
        copy = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        while True:
            data = os.read(source, CHUNK_BYTES)
            if not data:
                break
            write_all(memoryview(data), copy)
        os.fchown(copy, before.st_uid, before.st_gid)
        os.fchmod(copy, stat.S_IMODE(before.st_mode))
        os.close(copy)
        os.close(source)

    main()
