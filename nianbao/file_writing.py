"""Writing a file the way a clerk's PC needs it: all or nothing, readable by colleagues
on a shared folder, and failures explained in Chinese."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

_REASONS = {
    errno.ENOENT: "文件夹不存在",
    errno.EACCES: "没有权限（文件可能正在 Word 或 WPS 中打开，或为只读）",
    errno.EPERM: "没有权限（文件可能正在 Word 或 WPS 中打开，或为只读）",
    errno.EEXIST: "已有同名的文件",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘为只读",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EINVAL: "文件名无效",
    errno.EBUSY: "文件正被其他程序占用",
}


def os_error_reason(error: OSError) -> str:
    """Why an operating-system call failed, for the clerk (the OS's own text is English)."""
    return _REASONS.get(error.errno, f"系统错误，代码 {error.errno}") if error.errno else "系统错误"


def write_atomically(path: str | os.PathLike[str], write: Callable[[BinaryIO], None]) -> Path:
    """Write through a temporary file in the same folder, then replace ``path``.

    A crash or a full disk leaves the old file as it was.  The new file gets the
    permissions the old one had, or the usual ones for a new file (not the
    owner-only mode of a temporary file).
    """
    import tempfile  # only when writing: keeps importing the core cheap

    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".~nianbao-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _mode_for(path: Path) -> int:
    """The old file's permissions, without setuid/setgid/sticky (a report is never a program)."""
    try:
        return stat.S_IMODE(path.stat().st_mode) & 0o777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # os.umask can only be read by setting it; do that once, before any threads need it.
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


_UMASK: int | None = None
