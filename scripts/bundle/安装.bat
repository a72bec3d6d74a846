@echo off
rem Install drafter from this folder only (no internet): a virtual environment in
rem %LOCALAPPDATA%\drafter\venv, filled with --no-index from the wheels beside this file.
rem make_bundle.py writes this file with CRLF line ends; everything after chcp is UTF-8.
chcp 65001 >nul
setlocal
if not defined DRAFTER_HOME set "DRAFTER_HOME=%LOCALAPPDATA%\drafter"
set "VENV=%DRAFTER_HOME%\venv"
set "WHEELS=%~dp0wheels"
rem No pip.ini, no PIP_* variables: only the wheels in this folder count.
set "PIP_CONFIG_FILE=nul"

rem The py launcher (installed with Python from python.org) finds a supported version
rem even when a newer, unsupported one is the default.
set "PYEXE="
for %%v in (3.13 3.12 3.11) do if not defined PYEXE call :try py -%%v
if not defined PYEXE call :try python
if not defined PYEXE goto nopython

echo 正在安装 drafter，请稍候（约一分钟）……
echo 使用的 Python：%PYEXE%
echo 安装位置：%VENV%
%PYEXE% -m venv --clear "%VENV%" || goto failed
"%VENV%\Scripts\python.exe" -m pip --isolated --disable-pip-version-check install --quiet --no-index --find-links "%WHEELS%" drafter || goto failed
"%VENV%\Scripts\drafter.exe" --version || goto failed
echo.
echo 安装完成。以后每次使用时，双击本文件夹中的“启动.bat”。
pause
exit /b 0

:try
%* -c "import sys, struct; sys.exit(not ((3, 11) <= sys.version_info[:2] <= (3, 13) and struct.calcsize('P') == 8))" >nul 2>&1 && set "PYEXE=%*"
exit /b 0

:nopython
echo 没有找到可用的 Python：需要 64 位的 Python 3.11、3.12 或 3.13。
echo 请先从 https://www.python.org/downloads/windows/ 下载安装 Python 3.13 的“Windows installer (64-bit)”，
echo 安装时勾选“Add python.exe to PATH”，装好后再双击“安装.bat”。详见“说明.txt”。
pause
exit /b 1

:failed
echo.
echo 安装没有完成。请把这个窗口的内容截图，连同“说明.txt”一起交给信息技术人员。
pause
exit /b 1
