"""A seccomp filter for user code (linux_calls.py's `libc` in front): the system calls that act on another process by
its id, and that neither Landlock nor the sandbox's namespaces stop where user code runs as selfbench's own user or
as root without capabilities (the process back-end), are refused with EPERM unless they name the caller itself, by 0
or its pid (one of its threads by its id is refused, and a process it starts must name itself by 0): limits
(prlimit64), priority and scheduling (setpriority, sched_*, ioprio_set). A program could otherwise lower the file
limit of its pool worker or of selfbench, to break them (and get its attempt run again), or slow them down.
Elsewhere than x86_64 and aarch64 Linux nothing is filtered."""

SECCOMP_DATA_ARCH, SECCOMP_DATA_NR, SECCOMP_DATA_ARGS = 4, 0, 16  # offsets in struct seccomp_data
BPF_LD_W_ABS, BPF_JEQ_K, BPF_JGE_K, BPF_RET_K = 0x20, 0x15, 0x35, 0x06
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_EPERM = 0x00050000 | 1
X32_SYSTEM_CALL_BIT = 0x40000000  # x86_64's x32 numbering: refused, so that no other number reaches a call
PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
# Per machine: the audit architecture, and for each guarded call's number the arguments it is let through with, as
# (index, value): SELF, the caller (0 or its own pid), and with setpriority and ioprio_set the kind of target, a process.
SELF = "self"
GUARDED_CALLS = {
    "x86_64": (0xC000003E, {302: ((0, SELF),), 141: ((0, 0), (1, SELF)), 142: ((0, SELF),), 144: ((0, SELF),), 203: ((0, SELF),), 314: ((0, SELF),), 251: ((0, 1), (1, SELF))}),
    "aarch64": (0xC00000B7, {261: ((0, SELF),), 140: ((0, 0), (1, SELF)), 118: ((0, SELF),), 119: ((0, SELF),), 122: ((0, SELF),), 274: ((0, SELF),), 30: ((0, 1), (1, SELF))}),
}


def confine_system_calls():
    """Installs the filter on this process and what it starts (no_new_privs must be set)."""
    machine = GUARDED_CALLS.get(os.uname().machine)
    if libc is None or machine is None:
        return
    arch, guarded = machine
    program = [
        (BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_ARCH),
        (BPF_JEQ_K, 1, 0, arch),
        (BPF_RET_K, 0, 0, SECCOMP_RET_EPERM),  # another architecture's numbering
        (BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_NR),
        (BPF_JGE_K, 0, 1, X32_SYSTEM_CALL_BIT),
        (BPF_RET_K, 0, 0, SECCOMP_RET_EPERM),
    ]
    for number, allowed in guarded.items():
        checks = []
        for index, value in allowed:  # the low 32 bits: a pid_t or an int
            checks.append((BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_ARGS + 8 * index))
            if value == SELF:
                checks.append((BPF_JEQ_K, 2, 0, 0))
                value = os.getpid()  # this process's (a process it starts names itself by 0)
            checks += [(BPF_JEQ_K, 1, 0, value), (BPF_RET_K, 0, 0, SECCOMP_RET_EPERM)]
        checks.append((BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW))
        # Not this call: past its checks, to the next one (the number is reloaded, as the checks load arguments).
        program += [(BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_NR), (BPF_JEQ_K, 0, len(checks), number)] + checks
    program.append((BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW))

    class Instruction(ctypes.Structure):
        _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Instruction))]

    instructions = (Instruction * len(program))(*[Instruction(*instruction) for instruction in program])
    check(libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(Program(len(program), instructions)), 0, 0), "seccomp")
