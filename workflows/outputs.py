"""Where a workflow may write: the right kind of file, never over one of its inputs."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from workflows.errors import OutputRefused


def checked_output(raw: str | os.PathLike[str], suffix: str, inputs: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """``raw`` as the path of a new ``suffix`` file, or OutputRefused saying why not."""
    path = Path(raw)
    if path.suffix.lower() != suffix:
        raise OutputRefused(f"输出文件“{path.name}”应以 {suffix} 结尾")
    if path.is_dir():
        raise OutputRefused(f"“{path}”是一个文件夹，请给出文件名")
    for source in inputs:
        if _same_file(path, Path(source)):
            raise OutputRefused(f"输出文件与输入文件“{Path(source).name}”相同，会覆盖原文件；请另选文件名")
    return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()
