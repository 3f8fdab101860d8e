"""Where the data lives, decided without opening it (light: the window's start-up asks before showing)."""

from __future__ import annotations

import os
from pathlib import Path

from nianbao import APP_NAME
from storage.database_files import make_private_dir
from storage.errors import os_error

ENV_DATA_DIR = "NIANBAO_DATA_DIR"


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` > ``$NIANBAO_DATA_DIR`` > the per-user data dir; created if missing."""
    chosen = override or os.environ.get(ENV_DATA_DIR)
    if not chosen:
        import platformdirs  # only when neither is given

        chosen = platformdirs.user_data_dir(APP_NAME, appauthor=False)
    path = Path(chosen).expanduser().absolute()
    try:
        make_private_dir(path)  # the folders it creates are 0700 on Linux and macOS
    except OSError as e:
        raise os_error(e, path) from None
    return path
