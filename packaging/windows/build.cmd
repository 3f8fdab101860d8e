@echo off
rem Build the frozen folder dist\Nianbao\ on Windows with packaging\nianbao.spec, run it once, and make the
rem per-user installer dist\Nianbao-<version>-setup.exe when Inno Setup 6 is installed.
rem Needs Python 3.10 or later (the py launcher from python.org).  Run from any folder:
rem     packaging\windows\build.cmd
rem Not run on the project's Linux CI; .github\workflows\windows.yml runs it on a Windows runner.
setlocal
cd /d "%~dp0..\.."

if not exist .venv\Scripts\python.exe (
    py -3 -m venv .venv || exit /b 1
)
.venv\Scripts\python -m pip install -q ".[build]" || exit /b 1
.venv\Scripts\pyinstaller --noconfirm --clean packaging\nianbao.spec || exit /b 1
if not exist dist\Nianbao\Nianbao.exe (echo dist\Nianbao\Nianbao.exe was not built & exit /b 1)
if not exist dist\Nianbao\Nianbao.com (echo dist\Nianbao\Nianbao.com was not built & exit /b 1)

rem A first run of the console program: the command line works without Python (output in UTF-8 here, so that
rem a console or a CI log in any code page can take the Chinese).
set PYTHONUTF8=1
dist\Nianbao\Nianbao.com --help || exit /b 1
dist\Nianbao\Nianbao.com check tests\fixtures\qingshan_ziran_2021.json || exit /b 1
dist\Nianbao\Nianbao.com export tests\fixtures\qingshan_ziran_2021.json -o dist\smoke-test.docx --force || exit /b 1
del dist\smoke-test.docx
set PYTHONUTF8=

for /f "usebackq delims=" %%v in (`.venv\Scripts\python -c "import nianbao; print(nianbao.__version__)"`) do set VERSION=%%v

set "ISCC="
where iscc >nul 2>nul && set "ISCC=iscc"
if not defined ISCC if exist "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" set "ISCC=%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe"
if not defined ISCC if exist "%ProgramFiles%\Inno Setup 6\ISCC.exe" set "ISCC=%ProgramFiles%\Inno Setup 6\ISCC.exe"
if not defined ISCC if exist "%LOCALAPPDATA%\Programs\Inno Setup 6\ISCC.exe" set "ISCC=%LOCALAPPDATA%\Programs\Inno Setup 6\ISCC.exe"
if not defined ISCC (
    echo Inno Setup 6 is not installed: dist\Nianbao\ is built, the installer is not.
    exit /b 0
)
"%ISCC%" /Q /DAppVersion=%VERSION% packaging\windows\nianbao.iss || exit /b 1
echo Built dist\Nianbao\ and dist\Nianbao-%VERSION%-setup.exe
