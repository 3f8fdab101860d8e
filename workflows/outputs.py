"""Where a workflow may write: the right kind of file, never over one of its inputs."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from nianbao.file_writing import os_error_reason
from workflows.errors import OutputRefused


def checked_output(raw: str | os.PathLike[str], suffix: str, inputs: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """``raw`` as the path of a ``suffix`` file that may be written, or OutputRefused saying why not:
    the wrong type, a folder, one of the inputs, a read-only file, a name the system cannot take."""
    path = Path(raw)
    if path.suffix.lower() != suffix:
        raise OutputRefused(f"输出文件“{_short(path.name)}”应以 {suffix} 结尾")
    try:
        if path.is_dir():
            raise OutputRefused(f"“{_short(str(path))}”是一个文件夹，请给出文件名")
        if not path.parent.is_dir():
            raise OutputRefused(f"文件夹“{_short(str(path.parent))}”不存在")
        if path.exists() and not path.stat().st_mode & stat.S_IWUSR:
            raise OutputRefused(f"“{_short(path.name)}”是只读文件，无法覆盖；请另选文件名或取消只读属性")
        for source in inputs:
            if _same_file(path, Path(source)):
                raise OutputRefused(f"输出文件与输入文件“{_short(Path(source).name)}”相同，会覆盖原文件；请另选文件名")
    except OSError as e:  # a name too long for the system, a folder that cannot be read
        raise OutputRefused(f"无法写入“{_short(path.name)}”：{os_error_reason(e)}") from None
    return path


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit // 2] + "…" + text[-limit // 4 :]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()
