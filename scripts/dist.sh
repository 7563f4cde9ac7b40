#!/usr/bin/env bash
# scripts/dist.sh [--target TRIPLE] [--out DIR] [--bin PATH]
#
# Makes the release packages of yanzhen in DIR (default dist/):
#   yanzhen_VERSION_ARCH.deb               Linux targets: Debian, 统信 UOS, 银河麒麟 (dpkg architecture)
#   yanzhen-VERSION-ARCH-linux.tar.gz      Linux targets: the same files for any distribution
#   yanzhen-VERSION-ARCH-windows.zip       Windows targets
#   SHA256SUMS                             of every package in DIR (run once per target; it grows)
#
# Each package holds the binary, the man pages and the bash, zsh and fish completions (made from the
# command-line definitions by the hidden `yanzhen dist-files`; PowerShell for Windows), the README and
# the licence of the bundled fonts.
#
#   --target TRIPLE  build for this Rust target (default: this machine's), e.g.
#                    aarch64-unknown-linux-gnu, x86_64-pc-windows-gnu; it must be installed
#                    (`rustup target add TRIPLE`) with its linker (see the README's install section).
#                    The man pages and completions come from a binary of this machine: the one built
#                    by `cargo build --release`, built here first when it is missing.
#   --bin PATH       package this binary instead of running `cargo build --release` (host target only)
#   --out DIR        where the packages go (default: dist/)
#   --fast           light compression (gzip -1), for testing the packaging (CI does)
#
# Environment: DEB_MAINTAINER ("Name <mail>") for the .deb's Maintainer field; SOURCE_DATE_EPOCH
# (default: the last commit's time) for the files' times, so that the archives are reproducible.
#
# Needs: cargo, dpkg-deb and dpkg-shlibdeps (Debian package dpkg-dev) for the .deb, gzip, tar,
# python3 (for the Windows zip). Nothing is downloaded beyond the crates cargo fetches.
set -euo pipefail

die() { echo "dist: $*" >&2; exit 1; }
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

target="" out="$repo/dist" bin="" fast=0
while (($#)); do
    case $1 in
        --target) target=${2:?--target needs a triple}; shift 2 ;;
        --target=*) target=${1#*=}; shift ;;
        --out) out=${2:?--out needs a folder}; shift 2 ;;
        --out=*) out=${1#*=}; shift ;;
        --bin) bin=${2:?--bin needs a path}; shift 2 ;;
        --bin=*) bin=${1#*=}; shift ;;
        --fast) fast=1; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1 (see --help)" ;;
    esac
done

host=$(rustc -vV | sed -n 's/^host: //p')
target=${target:-$host}
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[[ -n $version ]] || die "no version in Cargo.toml"
arch=${target%%-*}
case $target in
    *-linux-*) os=linux ;;
    *-windows-*) os=windows ;;
    *-apple-darwin) os=macos ;;
    *) die "unsupported target $target" ;;
esac
exe=""
[[ $os == windows ]] && exe=.exe
target_dir=${CARGO_TARGET_DIR:-$repo/target}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Reproducible archives: file times are those of the last commit.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

# ---------------------------------------------------------------- the binary
# A cross build sets the target's linker from the usual cross-compiler names when the maintainer has
# not set one (Debian: gcc-aarch64-linux-gnu, gcc-mingw-w64-x86-64).
cross_linker() {
    local var gcc
    var=CARGO_TARGET_$(echo "$target" | tr 'a-z-' 'A-Z_')_LINKER
    case $target in
        aarch64-unknown-linux-gnu) gcc=aarch64-linux-gnu-gcc ;;
        x86_64-pc-windows-gnu) gcc=x86_64-w64-mingw32-gcc ;;
        *) return 0 ;;
    esac
    if [[ -z ${!var:-} ]] && command -v "$gcc" >/dev/null; then
        export "$var=$gcc"
    fi
}

if [[ -n $bin ]]; then
    [[ $target == "$host" ]] || die "--bin packages a binary of this machine; it cannot go with --target"
    [[ -x $bin ]] || die "--bin $bin is not an executable file"
else
    if [[ $target == "$host" ]]; then
        cargo build --release --locked
        bin=$target_dir/release/yanzhen
    else
        rustup target list --installed 2>/dev/null | grep -qx "$target" \
            || die "the Rust target $target is not installed: rustup target add $target"
        cross_linker
        cargo build --release --locked --target "$target"
        bin=$target_dir/$target/release/yanzhen$exe
    fi
fi
[[ -f $bin ]] || die "no binary at $bin"

# The man pages and completions are made by running yanzhen, so they come from a binary of this
# machine: the packaged one, or for another target this machine's release build.
runner=$bin
if [[ $target != "$host" ]]; then
    runner=$target_dir/release/yanzhen
    [[ -x $runner ]] || cargo build --release --locked
fi
"$runner" dist-files "$work/files"
echo "dist: yanzhen $version for $target: $("$runner" --version)" >&2

# ---------------------------------------------------------------- the common files
name=yanzhen-$version-$arch-$os
stage=$work/$name
mkdir -p "$stage/man" "$stage/completions" "$stage/fonts"
install -m 755 "$bin" "$stage/yanzhen$exe"
cp "$work"/files/man/*.1 "$stage/man/"
cp "$work"/files/completions/* "$stage/completions/"
cp README.md "$stage/"
cp themes/default/fonts/OFL.txt "$stage/fonts/OFL.txt"

# strip: the symbol table is a third of the binary; nothing at run time reads it.
strip_tool=strip
[[ $target == "$host" ]] || strip_tool=${target%%-*}-linux-gnu-strip
[[ $os == windows ]] && strip_tool=x86_64-w64-mingw32-strip
if command -v "$strip_tool" >/dev/null; then
    "$strip_tool" "$stage/yanzhen$exe"
else
    echo "dist: $strip_tool not found: the binary keeps its symbol table" >&2
fi

level=9 deb_compress=(-Zxz)
((fast)) && level=1 deb_compress=(-Zgzip -z1)

touch_all() { find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +; }

# ---------------------------------------------------------------- archives
made=()
if [[ $os == windows ]]; then
    rm -f "$stage/completions/"{yanzhen.bash,_yanzhen,yanzhen.fish}
    rm -rf "$stage/man"
    python3 - "$work" "$name" "$out/$name.zip" <<'PY'
import os, sys, zipfile
work, name, dest = sys.argv[1:]
with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(os.path.join(work, name)):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(root, f)
            info = zipfile.ZipInfo(os.path.relpath(path, work), (1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if f.endswith(".exe") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, open(path, "rb").read())
PY
    made+=("$name.zip")
else
    touch_all "$stage"
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
        -C "$work" -cf - "$name" | gzip -"$level"n >"$out/$name.tar.gz"
    made+=("$name.tar.gz")
fi

# ---------------------------------------------------------------- the Debian package
# The dpkg architecture of a Rust target.
deb_arch() {
    case $1 in
        x86_64) echo amd64 ;; aarch64) echo arm64 ;; i686) echo i386 ;; armv7) echo armhf ;;
        riscv64gc) echo riscv64 ;; loongarch64) echo loong64 ;; *) return 1 ;;
    esac
}

# The shared libraries the binary needs, as a Depends line. For this machine's target
# dpkg-shlibdeps reads the installed libraries; for another target the libraries are not here, so
# the line is made from the binary itself: the newest glibc symbol version it asks for.
depends() {
    local binary=$1 d
    if [[ $target == "$host" ]] && command -v dpkg-shlibdeps >/dev/null; then
        mkdir -p "$work/shlibs/debian"
        printf 'Source: yanzhen\n\nPackage: yanzhen\nArchitecture: any\n' >"$work/shlibs/debian/control"
        d=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$binary" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
        [[ -n $d ]] && { echo "$d"; return; }
    fi
    local glibc needed
    glibc=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -Vu | tail -n 1)
    d="libc6 (>= $glibc)"
    needed=$(objdump -p "$binary" | awk '/NEEDED/ {print $2}')
    grep -q '^libgcc_s' <<<"$needed" && d="$d, libgcc-s1 (>= 4.2)"
    echo "$d"
}

if [[ $os == linux ]] && darch=$(deb_arch "$arch"); then
    command -v dpkg-deb >/dev/null || die "dpkg-deb is missing (apt-get install dpkg-dev)"
    root=$work/deb
    install -Dm755 "$stage/yanzhen" "$root/usr/bin/yanzhen"
    mkdir -p "$root/usr/share/man/man1"
    for m in "$stage"/man/*.1; do gzip -9n <"$m" >"$root/usr/share/man/man1/$(basename "$m").gz"; done
    install -Dm644 "$stage/completions/yanzhen.bash" "$root/usr/share/bash-completion/completions/yanzhen"
    install -Dm644 "$stage/completions/_yanzhen" "$root/usr/share/zsh/vendor-completions/_yanzhen"
    install -Dm644 "$stage/completions/yanzhen.fish" "$root/usr/share/fish/vendor_completions.d/yanzhen.fish"
    doc=$root/usr/share/doc/yanzhen
    install -Dm644 README.md "$doc/README.md"
    gzip -9n "$doc/README.md"
    install -Dm644 themes/default/fonts/OFL.txt "$doc/fonts/OFL.txt"
    cat >"$doc/copyright" <<EOF
yanzhen (雁阵), built from its source repository, which states the program's terms.

The binary embeds three fonts for the casebook PDF, subsets made by scripts/make-fonts.py:
Noto Serif CJK SC Regular and Noto Sans CJK SC Bold (© 2017-2022 Adobe, Copyright 2010-2012
Google Corporation) and LXGW WenKai Regular (Copyright 2021-2022 lxgw), renamed Yanzhen Kai.
They are licensed under the SIL Open Font License 1.1; the notices and the licence text are in
/usr/share/doc/yanzhen/fonts/OFL.txt.
EOF
    mkdir -p "$root/DEBIAN"
    maintainer=${DEB_MAINTAINER:-yanzhen maintainers <yanzhen@localhost>}
    dep=$(depends "$root/usr/bin/yanzhen")
    size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
    cat >"$root/DEBIAN/control" <<EOF
Package: yanzhen
Version: $version
Architecture: $darch
Maintainer: $maintainer
Installed-Size: $size
Depends: $dep
Suggests: libreoffice-writer-nogui | libreoffice-writer
Section: web
Priority: optional
Description: static-site generator for party-building showcase sites (党建展示网站)
 yanzhen (雁阵) builds exhibition sites of case studies, brand profiles and
 activity reports from Markdown, previews them live, and prints a collection
 as a casebook PDF. Sites work offline, under any sub-path and from file://.
 .
 LibreOffice is needed only to import old .doc and .wps files.
EOF
    touch_all "$root"
    deb=yanzhen_${version}_$darch.deb
    dpkg-deb --root-owner-group "${deb_compress[@]}" --build "$root" "$out/$deb" >/dev/null
    made+=("$deb")
    echo "dist: Depends: $dep" >&2
fi

# ---------------------------------------------------------------- checksums
(
    cd "$out"
    shopt -s nullglob
    sha256sum yanzhen_*.deb yanzhen-*.tar.gz yanzhen-*.zip >SHA256SUMS
)
for f in "${made[@]}"; do echo "$out/$f"; done
echo "$out/SHA256SUMS"
