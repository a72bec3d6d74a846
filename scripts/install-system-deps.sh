#!/usr/bin/env bash
# Install what the render tests need on a fresh Debian 12 machine (run as root):
# LibreOffice Writer (headless), poppler (pdftotext, pdffonts), Noto CJK fonts
# fontconfig, and Chromium with its driver (browser tests of drafter serve); then
# fetch the Fandol stand-in fonts via setup-fonts.sh.
#
# Fast on a second run: apt is skipped when every package is already installed.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packages=(libreoffice-writer-nogui poppler-utils fonts-noto-cjk fontconfig chromium chromium-driver python3-venv tmux "$@")  # extra packages as arguments (make bench: pandoc)

is_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == "installed" ]]
}

missing=()
for p in "${packages[@]}"; do
    if [[ "$p" == libreoffice-writer-nogui ]] \
        && { is_installed libreoffice-writer || command -v soffice >/dev/null 2>&1; }; then
        # A LibreOffice installed some other way (full libreoffice-writer,
        # upstream .deb) is just as good as the -nogui flavour.
        continue
    fi
    is_installed "$p" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
    echo "install-system-deps: all packages present, skipping apt"
else
    if [[ "$(id -u)" != 0 ]]; then
        echo "install-system-deps: 需要以 root 身份运行才能安装：${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    echo "install-system-deps: apt-get update"
    apt-get update -q
    echo "install-system-deps: installing ${missing[*]}"
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

echo "install-system-deps: setting up stand-in fonts"
"$repo_root/scripts/setup-fonts.sh"
echo "install-system-deps: done"
