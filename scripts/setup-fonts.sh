#!/usr/bin/env bash
# Put the Fandol stand-in fonts (FandolFang/Kai/Hei/Song, Regular only) into
# <repo>/.cache/fonts so that fonts/fonts.conf can map the official 公文 font
# names to them when LibreOffice renders a DOCX to PDF.
#
# The fonts come from Debian's texlive-lang-chinese package: the .deb is
# fetched with `apt-get download` (no root needed once apt lists exist) and
# only the four font files are unpacked from it; TeX is not installed.
# Fandol's Bold files claim regular weight, so they are left out on purpose.
#
# Idempotent: does nothing when the four fonts are already in place.
# Set FANDOL_DEB=/path/to/texlive-lang-chinese_*.deb to use a local copy
# instead of downloading.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
font_dir="$repo_root/.cache/fonts"
fonts=(FandolFang-Regular.otf FandolKai-Regular.otf FandolHei-Regular.otf FandolSong-Regular.otf)
member_dir="./usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"

have_all_fonts() {
    local f
    for f in "${fonts[@]}"; do
        [[ -s "$font_dir/$f" ]] || return 1
    done
}

warm_font_cache() {
    # Build the fontconfig cache for .cache/fonts now, so that the first
    # LibreOffice run does not pay for it. Harmless if it fails.
    if command -v fc-cache >/dev/null 2>&1 && [[ -f "$repo_root/fonts/fonts.conf" ]]; then
        FONTCONFIG_FILE="$repo_root/fonts/fonts.conf" fc-cache "$font_dir" >/dev/null 2>&1 || true
    fi
}

if have_all_fonts; then
    echo "setup-fonts: Fandol fonts already in $font_dir"
    warm_font_cache
    exit 0
fi

for tool in dpkg-deb tar; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "setup-fonts: 缺少 $tool，无法解包 texlive-lang-chinese（需要 Debian/Ubuntu 系统）。" >&2
        exit 1
    fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/drafter-fonts.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if [[ -n "${FANDOL_DEB:-}" ]]; then
    if [[ ! -f "$FANDOL_DEB" ]]; then
        echo "setup-fonts: FANDOL_DEB 指向的文件不存在：$FANDOL_DEB" >&2
        exit 1
    fi
    deb="$FANDOL_DEB"
    echo "setup-fonts: using $deb"
else
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "setup-fonts: 未找到 apt-get，无法下载 texlive-lang-chinese。" >&2
        echo "setup-fonts: 请手动把 ${fonts[*]} 放到 $font_dir，或设置 FANDOL_DEB=<.deb 路径>。" >&2
        exit 1
    fi
    echo "setup-fonts: downloading texlive-lang-chinese (about 50 MB) ..."
    # As root, apt drops privileges to _apt for downloads; let it write here.
    if [[ "$(id -u)" == 0 ]] && id _apt >/dev/null 2>&1; then
        chown _apt "$work" 2>/dev/null || true
    fi
    if ! (cd "$work" && apt-get download -q texlive-lang-chinese >"$work/apt.log" 2>&1); then
        tail -n 5 "$work/apt.log" >&2 || true
        echo "setup-fonts: 下载 texlive-lang-chinese 失败。请检查网络和 apt 软件源（可先以 root 运行 apt-get update），" >&2
        echo "setup-fonts: 或设置 FANDOL_DEB=<已下载的 .deb 路径> 后重试。" >&2
        exit 1
    fi
    deb="$(ls "$work"/texlive-lang-chinese_*.deb 2>/dev/null | head -n 1 || true)"
    if [[ -z "$deb" ]]; then
        echo "setup-fonts: apt-get download 没有生成 .deb 文件，无法继续。" >&2
        exit 1
    fi
fi

echo "setup-fonts: extracting ${fonts[*]}"
members=()
for f in "${fonts[@]}"; do
    members+=("$member_dir/$f")
done
mkdir -p "$work/x"
# Same as `dpkg-deb -x`, but unpacks only the four fonts instead of ~100 MB.
if ! dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/x" "${members[@]}"; then
    echo "setup-fonts: 无法从 $deb 中解出 Fandol 字体（软件包结构可能已改变）。" >&2
    exit 1
fi

mkdir -p "$font_dir"
for f in "${fonts[@]}"; do
    src="$work/x/$member_dir/$f"
    if [[ ! -s "$src" ]]; then
        echo "setup-fonts: 软件包中缺少 $f。" >&2
        exit 1
    fi
    # Copy under a temporary name, then rename: a half-written font never
    # shows up under its real name.
    cp "$src" "$font_dir/.$f.tmp"
    mv -f "$font_dir/.$f.tmp" "$font_dir/$f"
done

warm_font_cache
echo "setup-fonts: installed ${#fonts[@]} fonts into $font_dir"
