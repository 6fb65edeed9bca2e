"""Second layer of the kernel sandbox: Landlock and resource limits, applied from inside.

The first layer is the bubblewrap namespace (:mod:`grading.sandbox.bwrap`): it
decides what exists at all. :func:`confine` is called in each freshly forked
kernel process inside it, before the kernel starts, and is irreversible for
that process and everything it spawns:

* **memory**: ``RLIMIT_AS`` caps each process's address space (the cgroup, when
  the machine offers one, caps the whole sandbox);
* **files**: ``RLIMIT_FSIZE`` caps any file it writes; ``RLIMIT_CORE`` 0;
* **processes**: ``RLIMIT_NPROC`` (effective when the sandbox does not run as root);
* **file system** (Linux Landlock): it may read what the namespace shows and
  write only its working folder, its home and ``/tmp``: not ``/dev``,
  ``/dev/shm`` or the sockets folder, even where those are writable mounts;
* **network**: no TCP bind or connect at all (ABI 4);
* **scope**: no signals to, and no ptrace of, processes outside its own
  Landlock domain such as the kernel host; no abstract Unix sockets outside it
  (ABI 6).

Landlock needs Linux 5.13 or newer; :func:`landlock_abi` says which version the
running kernel offers (0: none). What cannot be enforced is returned by
:func:`confine`, and the grader reports it.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
from dataclasses import dataclass, field
from pathlib import Path

_SYS_CREATE_RULESET = 444
_SYS_ADD_RULE = 445
_SYS_RESTRICT_SELF = 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_RULE_NET_PORT = 2
_PR_SET_NO_NEW_PRIVS = 38

# File-system rights, as numbered by the Landlock ABI.
_EXECUTE = 1 << 0
_WRITE_FILE = 1 << 1
_READ_FILE = 1 << 2
_READ_DIR = 1 << 3
_REMOVE_DIR = 1 << 4
_REMOVE_FILE = 1 << 5
_MAKE_CHAR = 1 << 6
_MAKE_DIR = 1 << 7
_MAKE_REG = 1 << 8
_MAKE_SOCK = 1 << 9
_MAKE_FIFO = 1 << 10
_MAKE_BLOCK = 1 << 11
_MAKE_SYM = 1 << 12
_REFER = 1 << 13  # ABI 2
_TRUNCATE = 1 << 14  # ABI 3
_IOCTL_DEV = 1 << 15  # ABI 5
_BIND_TCP = 1 << 0  # ABI 4, network rights
_CONNECT_TCP = 1 << 1
_SCOPE_ABSTRACT_UNIX = 1 << 0  # ABI 6
_SCOPE_SIGNAL = 1 << 1

_READ = _EXECUTE | _READ_FILE | _READ_DIR
_FILE_ONLY = _EXECUTE | _WRITE_FILE | _READ_FILE | _TRUNCATE | _IOCTL_DEV


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class _NetPortAttr(ctypes.Structure):
    _fields_ = [("allowed_access", ctypes.c_uint64), ("port", ctypes.c_uint64)]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def landlock_abi() -> int:
    """The Landlock ABI version of the running kernel, 0 when there is none."""
    if not sys.platform.startswith("linux"):
        return 0
    version = _libc().syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), _CREATE_RULESET_VERSION)
    return max(int(version), 0)


def _all_fs_rights(abi: int) -> int:
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= _REFER
    if abi >= 3:
        rights |= _TRUNCATE
    if abi >= 5:
        rights |= _IOCTL_DEV
    return rights


@dataclass
class SandboxPolicy:
    """What a sandboxed kernel may touch.

    Attributes:
        read_only: folders (or files) it may read and execute from.
        read_write: folders where it may also create, change and delete files.
        memory_bytes: address-space limit of each process; 0 for none.
        file_bytes: largest file it may write; 0 for none.
        max_processes: RLIMIT_NPROC; 0 for none.
        socket_dirs: folders where it may only create (and remove) Unix sockets: its kernel's.
        bind_ports: TCP ports it may bind (none: kernels talk over Unix sockets); no port may be connected to.
    """

    read_only: list[str] = field(default_factory=list)
    read_write: list[str] = field(default_factory=list)
    memory_bytes: int = 0
    file_bytes: int = 0
    max_processes: int = 0
    bind_ports: list[int] = field(default_factory=list)
    socket_dirs: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"read_only": list(self.read_only), "read_write": list(self.read_write),
                "memory_bytes": self.memory_bytes, "file_bytes": self.file_bytes,
                "max_processes": self.max_processes, "bind_ports": list(self.bind_ports),
                "socket_dirs": list(self.socket_dirs)}

    @classmethod
    def from_dict(cls, data: dict) -> SandboxPolicy:
        return cls(**data)


def system_read_paths() -> list[str]:
    """Folders any Python kernel needs to read: the interpreter, its libraries, the OS."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, "/usr", "/lib", "/lib64", "/bin", "/etc",
             "/proc", "/sys", "/opt/conda"}
    paths.update(p for p in sys.path if p and Path(p).is_dir() and "site-packages" in p)
    return sorted(p for p in paths if os.path.exists(p))


def _add_path_rule(libc: ctypes.CDLL, ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a path that does not exist grants nothing
    try:
        if not os.path.isdir(path):
            rights &= _FILE_ONLY
        attr = _PathBeneathAttr(rights, fd)
        if libc.syscall(_SYS_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(attr), 0) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
    finally:
        os.close(fd)


def _apply_landlock(policy: SandboxPolicy, abi: int) -> None:
    libc = _libc()
    fs_rights = _all_fs_rights(abi)
    net_rights = (_BIND_TCP | _CONNECT_TCP) if abi >= 4 else 0
    scoped = (_SCOPE_ABSTRACT_UNIX | _SCOPE_SIGNAL) if abi >= 6 else 0
    attr = _RulesetAttr(fs_rights, net_rights, scoped)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0)
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for path in policy.read_only:
            _add_path_rule(libc, ruleset, path, _READ)
        for path in policy.read_write:
            _add_path_rule(libc, ruleset, path, fs_rights)
        for path in policy.socket_dirs:
            _add_path_rule(libc, ruleset, path, _READ | _MAKE_SOCK | _REMOVE_FILE)
        _add_path_rule(libc, ruleset, "/dev", _READ | _WRITE_FILE | (_IOCTL_DEV if abi >= 5 else 0))
        for port in policy.bind_ports if net_rights else ():
            rule = _NetPortAttr(_BIND_TCP, port)
            if libc.syscall(_SYS_ADD_RULE, ruleset, _RULE_NET_PORT, ctypes.byref(rule), 0) != 0:
                raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for port {port}")
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if libc.syscall(_SYS_RESTRICT_SELF, ruleset, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)


def confine(policy: SandboxPolicy) -> list[str]:
    """Apply ``policy`` to this process for good; return what could not be enforced."""
    missing: list[str] = []
    if policy.memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (policy.memory_bytes, policy.memory_bytes))
    if policy.file_bytes:
        resource.setrlimit(resource.RLIMIT_FSIZE, (policy.file_bytes, policy.file_bytes))
    if policy.max_processes:
        resource.setrlimit(resource.RLIMIT_NPROC, (policy.max_processes, policy.max_processes))
    # A core dump of a crashed kernel would only fill the disk.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    abi = landlock_abi()
    if abi == 0:
        missing.append("file-system isolation (this kernel has no Landlock)")
        return missing
    _apply_landlock(policy, abi)
    if abi < 4:
        missing.append("network isolation (Landlock ABI < 4)")
    if abi < 6:
        missing.append("signal scoping (Landlock ABI < 6)")
    return missing
