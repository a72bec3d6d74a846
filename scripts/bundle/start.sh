#!/bin/sh
# Start drafter for a clerk: launch.py opens the browser front end (drafter serve) in the
# documents folder, or, in a drafter without it, a shell there with the usage.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
home=${DRAFTER_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/drafter}
python=$home/venv/bin/python
if [ ! -x "$python" ]; then
    echo "还没有安装 drafter：请先运行 sh \"$here/install.sh\"。" >&2
    exit 1
fi
exec "$python" "$here/launch.py"
