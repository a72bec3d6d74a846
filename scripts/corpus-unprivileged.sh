#!/usr/bin/env bash
# The bad-input corpus and the reliability tests as an unprivileged user (issue 13): a clerk's
# account cannot write /dev/null or enter a folder without permission, so root alone hides bugs.
# Every run is bounded: `timeout` for hangs, `ulimit -v` for memory (a zip bomb or /dev/zero read
# whole would otherwise take the machine down instead of failing the test).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-$PWD/.venv/bin/python}"
SECONDS_LIMIT="${CORPUS_TIMEOUT:-1800}"
MEMORY_KB="${CORPUS_MEMORY_KB:-4194304}"  # 4 GiB of address space per process
TESTS=(${CORPUS_TESTS:-tests/e2e/test_corpus.py} tests/test_inputs.py tests/test_fsutil_targets.py tests/test_streams.py
       tests/docx/test_sandbox.py tests/review/test_fix_offsets.py tests/test_batch_sigterm.py)

bounded() {
  timeout --kill-after=30 "$SECONDS_LIMIT" bash -c 'ulimit -v "$0"; exec "$@"' "$MEMORY_KB" "$@"
}

if [ "$(id -u)" != 0 ]; then
  exec env -u PYTHONDONTWRITEBYTECODE CI=true bash -c "$(declare -f bounded); SECONDS_LIMIT=$SECONDS_LIMIT MEMORY_KB=$MEMORY_KB bounded \"\$@\"" _ \
    "$PY" -m pytest -q -p no:cacheprovider -m "not render" "${TESTS[@]}"
fi

# As root: a copy of the checkout owned by nobody, run with every privilege dropped.
work="$(mktemp -d /tmp/drafter-unprivileged.XXXXXX)"
trap 'rm -rf "$work"' EXIT
git ls-files -z | xargs -0 cp --parents -t "$work"
mkdir -p "$work/.tmp"
# The tests start the CLI as a subprocess of the interpreter, so the user must be able to run it.
# A Python under /root (mode 700, as pyenv's here) cannot be: then the run gets its own virtual
# environment from the system's Python, which every user can run (python3-venv, installed by
# scripts/install-system-deps.sh), with the same packages.
can_run() {  # the user can start the interpreter, and the interpreter can start itself again
  setpriv --reuid=65534 --regid=65534 --clear-groups -- "$1" -c \
    'import subprocess, sys; subprocess.run([sys.executable, "-c", "import sys"], check=True)' 2>/dev/null
}
if ! can_run "$PY"; then
  system_python="${SYSTEM_PYTHON:-/usr/bin/python3}"
  echo "corpus-unprivileged: $PY is not usable by other users; a virtual environment from $system_python instead"
  "$system_python" -m venv "$work/.venv-unprivileged"
  "$work/.venv-unprivileged/bin/python" -m pip install --quiet --disable-pip-version-check "$work[test]"
  PY="$work/.venv-unprivileged/bin/python"
fi
chown -R 65534:65534 "$work"
chmod 755 "$work"
cd "$work"
unset PYTHONDONTWRITEBYTECODE
export HOME="$work" TMPDIR="$work/.tmp" CI=true PYTHONPATH="$work"
if ! setpriv --reuid=65534 --regid=65534 --clear-groups -- "$PY" -c \
     'import subprocess, sys; subprocess.run([sys.executable, "-c", "import drafter"], check=True)' 2>/dev/null; then
  echo "corpus-unprivileged: user 65534 cannot run $PY and its packages; install Python where every user can" >&2
  exit 1
fi
bounded setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all -- \
  "$PY" -m pytest -q -p no:cacheprovider -m "not render" --basetemp="$work/.tmp/pytest" "${TESTS[@]}"
