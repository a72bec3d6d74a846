#!/usr/bin/env bash
# Install yaml-language-server (the server behind VS Code's YAML extension) into .cache/lsp,
# for tests/factfile/test_lsp.py, which drives it over LSP as an editor does.
#
# The version is pinned by scripts/lsp/package-lock.json. Idempotent and offline after the
# first run: nothing is fetched while .cache/lsp holds the install of the same lock file.
# Node.js and npm come from Debian's packages when missing (as root).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spec="$repo_root/scripts/lsp"
dest="$repo_root/.cache/lsp"
server="$dest/node_modules/yaml-language-server/bin/yaml-language-server"
stamp="$dest/.lock-sha256"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if [[ "$(id -u)" != 0 ]]; then
        echo "setup-lsp: 需要 Node.js 和 npm（以 root 身份运行本脚本可自动安装）" >&2
        exit 1
    fi
    echo "setup-lsp: installing nodejs and npm"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends nodejs npm
fi

want="$(sha256sum "$spec/package-lock.json" | cut -d' ' -f1)"
if [[ -x "$server" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "setup-lsp: yaml-language-server present, skipping npm"
    exit 0
fi

mkdir -p "$dest"
cp "$spec/package.json" "$spec/package-lock.json" "$dest/"
echo "setup-lsp: npm ci (yaml-language-server)"
(cd "$dest" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)
echo "$want" >"$stamp"
echo "setup-lsp: done ($("$server" --version 2>/dev/null || echo installed))"
