"""The start on Linux explains a missing X11 library by its package instead of Qt's abort."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gui import xcb_check

ROOT = Path(__file__).resolve().parent.parent

# ldd on PySide6 6.11's libqxcb.so on a fresh Debian 12 with only libxcb-cursor0 installed (abridged):
# the case where Qt still names xcb-cursor0.
LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd5f5e3000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f6e5c000000)
\tlibQt6Gui.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6Gui.so.6 (0x00007f6e5b800000)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f6e5c5d0000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f6e5c5c9000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f6e5c5c0000)
\tlibxcb-image.so.0 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-render-util.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f6e5c597000)
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f6e5b61f000)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f6e5c62e000)
"""


def test_every_missing_library_is_read_from_ldd_once():
    assert xcb_check.missing_in_ldd_output(LDD_OUTPUT) == [
        "libxcb-icccm.so.4",
        "libxcb-image.so.0",
        "libxcb-keysyms.so.1",
        "libxcb-render-util.so.0",
    ]


def test_the_message_names_the_packages_to_install_not_xcb_cursor():
    text = xcb_check.explain(xcb_check.missing_in_ldd_output(LDD_OUTPUT), "")
    assert "sudo apt install libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0\n" in text + "\n"
    assert "libxcb-cursor0" not in text
    assert "推断" not in text  # all four are known packages


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libglib-2.0.so.0", "libglib2.0-0"),  # not what the naming rule gives: from the table
        ("libxcb-xinerama.so.0", "libxcb-xinerama0"),  # not in the table: by Debian's rule
        ("libwayland-client.so.0", "libwayland-client0"),
        ("libfoo2.so.3.1.4", "libfoo2-3"),
        ("ld-linux-x86-64.so.2", None),
    ],
)
def test_debian_package_names(soname, package):
    assert xcb_check.debian_package(soname) == package


def test_a_guessed_package_name_is_marked_as_a_guess():
    text = xcb_check.explain(["libxcb-xinerama.so.0"], "")
    assert "sudo apt install libxcb-xinerama0" in text and "推断" in text and "apt-file search" in text


def test_every_library_the_installed_plugin_links_is_in_the_table():
    """The table is complete for the Qt this project pins (a newer Qt linking more libraries fails here)."""
    plugin = xcb_check.xcb_plugin()
    if plugin is None or shutil.which("ldd") is None:
        pytest.skip("no xcb plug-in or no ldd on this system")
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True).stdout
    direct = [line.split()[0] for line in out.splitlines() if "=>" in line]
    system = [s for s in direct if not xcb_check.BUNDLED.match(s) and s.startswith(("libxcb", "libX", "libxkb"))]
    assert system and all(s in xcb_check.SONAME_PACKAGES for s in system), system


def test_a_plugin_without_its_qt_libraries_is_a_broken_installation(tmp_path):
    """A real failed load: the plug-in copied away from the Qt libraries its run path points to."""
    plugin = xcb_check.xcb_plugin()
    if plugin is None:
        pytest.skip("no xcb plug-in on this system")
    copy = tmp_path / "Qt" / "plugins" / "platforms" / plugin.name
    copy.parent.mkdir(parents=True)
    shutil.copy(plugin, copy)
    with pytest.raises(OSError) as failure:
        ctypes.CDLL(str(copy))
    missing = xcb_check.missing_libraries(copy)
    assert "libQt6XcbQpa.so.6" in missing
    text = xcb_check.explain(missing, str(failure.value))
    assert "程序文件不完整，请重新安装本程序" in text and "apt install" not in text


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, False),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, False),
        ({"DISPLAY": ":0"}, True),
        ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, False),
        ({}, False),
    ],
)
def test_only_an_x11_start_is_checked(environ, expected):
    assert xcb_check.will_use_xcb(environ) is (expected and sys.platform == "linux")


@pytest.mark.skipif(sys.platform != "linux", reason="X11 only")
def test_an_unreachable_display_is_said_instead_of_qts_abort(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = ":987"  # no X server there
    result = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2, result.stderr
    assert "无法连接到图形显示“:987”" in result.stderr
    assert "xcb-cursor0" not in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # the store was not touched


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed")
def test_a_working_x_server_passes():
    code = "from gui.xcb_check import xcb_problem; import sys; sys.exit(xcb_problem() or 0)"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    result = subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="X11 only")
def test_on_this_machine_the_diagnosis_agrees_with_the_real_load(tmp_path):
    """Where the plug-in loads, nothing is reported missing; where it does not (a fresh CI machine without the
    libxcb-* packages), the start names packages for every missing library, before any display is tried."""
    plugin = xcb_check.xcb_plugin()
    if plugin is None:
        pytest.skip("no xcb plug-in on this system")
    try:
        ctypes.CDLL(str(plugin))
    except OSError:
        missing = xcb_check.missing_libraries(plugin)
        assert missing and all(xcb_check.debian_package(s) for s in missing), missing
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        env["DISPLAY"] = ":987"
        result = subprocess.run(
            [sys.executable, "main.py", "--data-dir", str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 2
        (apt_line,) = [line for line in result.stderr.splitlines() if "sudo apt install" in line]
        assert set(apt_line.split()[3:]) == {xcb_check.debian_package(s) for s in missing}
    else:
        assert xcb_check.missing_libraries(plugin) == []


SYSTEM_LIBS = Path("/usr/lib/x86_64-linux-gnu")
HIDDEN = ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")  # what a fresh Debian lacks after `apt install libxcb-cursor0`


@pytest.mark.skipif(
    sys.platform != "linux" or os.geteuid() != 0 or shutil.which("unshare") is None,
    reason="needs root and unshare to hide libraries in a private mount namespace",
)
def test_libraries_missing_as_on_a_fresh_debian_are_named_by_their_packages(tmp_path):
    """Qt would say xcb-cursor0 here (PITFALLS); the start names the two packages really missing."""
    if not all((SYSTEM_LIBS / name).exists() for name in HIDDEN):
        pytest.skip("the libraries are not installed here (the test above covers a machine without them)")
    libs = tmp_path / "lib"
    if subprocess.run(["cp", "-al", str(SYSTEM_LIBS), str(libs)], capture_output=True).returncode != 0:
        pytest.skip("cannot hard-link the library folder into the temporary folder")
    for name in HIDDEN:
        for file in libs.glob(name + "*"):
            file.unlink()
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = ":987"  # the plug-in is checked before any display is tried
    script = f'mount --bind "{libs}" "{SYSTEM_LIBS}" && exec "{sys.executable}" main.py --data-dir "{tmp_path / "d"}"'
    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if "mount" in result.stderr and "sudo apt" not in result.stderr:
        pytest.skip(f"mount namespaces are not permitted here: {result.stderr.strip()}")
    assert result.returncode == 2, result.stderr
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1\n" in result.stderr
    assert "xcb-cursor0" not in result.stderr
