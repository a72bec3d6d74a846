#!/bin/sh
# Install drafter from this folder only (no internet): a virtual environment in
# ${DRAFTER_HOME:-${XDG_DATA_HOME:-~/.local/share}/drafter}/venv, filled with --no-index
# from the wheels beside this file. Needs python3 (3.11-3.13) with the venv module.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
home=${DRAFTER_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/drafter}
venv=$home/venv
# No pip.conf, no PIP_* variables (pip --isolated): only the wheels in this folder count.
export PIP_CONFIG_FILE=/dev/null

python=
for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c \
        'import sys, struct; sys.exit(not ((3, 11) <= sys.version_info[:2] <= (3, 13) and struct.calcsize("P") == 8))' \
        >/dev/null 2>&1; then
        python=$candidate
        break
    fi
done
if [ -z "$python" ]; then
    echo "没有找到可用的 Python：需要 64 位的 Python 3.11、3.12 或 3.13（例如 sudo apt install python3 python3-venv）。" >&2
    exit 1
fi

echo "正在安装 drafter（Python：$(command -v "$python")；位置：$venv）……"
if ! "$python" -m venv --clear "$venv"; then
    echo "无法创建虚拟环境：请安装 python3-venv（例如 sudo apt install python3-venv）后重试。" >&2
    exit 1
fi
"$venv/bin/python" -m pip --isolated --disable-pip-version-check install --quiet --no-index \
    --find-links "$here/wheels" drafter
"$venv/bin/drafter" --version
echo "安装完成。以后每次使用时运行：sh \"$here/start.sh\"（或直接运行 \"$venv/bin/drafter\"）。"
