@echo off
rem Start drafter for a clerk: launch.py opens the browser front end (drafter serve) in the
rem documents folder, or, in a drafter without it, a command window with the usage.
rem make_bundle.py writes this file with CRLF line ends; everything after chcp is UTF-8.
chcp 65001 >nul
setlocal
if not defined DRAFTER_HOME set "DRAFTER_HOME=%LOCALAPPDATA%\drafter"
set "PY=%DRAFTER_HOME%\venv\Scripts\python.exe"
if not exist "%PY%" goto notinstalled
"%PY%" "%~dp0launch.py"
if errorlevel 1 pause
exit /b 0

:notinstalled
echo 还没有安装 drafter：请先双击本文件夹中的“安装.bat”。
pause
exit /b 1
