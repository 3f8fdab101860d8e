"""Where a command may write: the right kind of file, never over one of its inputs."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from nianbao.file_writing import os_error_reason


class BadOutput(Exception):
    """The output path would lose or confuse the user's files; the message says why."""


def checked_output(raw: str | os.PathLike, suffix: str, inputs: Iterable[str | os.PathLike] = ()) -> Path:
    path = Path(raw)
    if path.suffix.lower() != suffix:
        raise BadOutput(f"输出文件“{path.name}”应以 {suffix} 结尾")
    if path.is_dir():
        raise BadOutput(f"“{path}”是一个文件夹，请给出文件名")
    for source in inputs:
        if _same_file(path, Path(source)):
            raise BadOutput(f"输出文件与输入文件“{Path(source).name}”相同，会覆盖原文件；请另选文件名")
    return path


def write_failure(path: Path, error: OSError) -> str:
    return f"无法写入“{path}”：{os_error_reason(error)}"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()
