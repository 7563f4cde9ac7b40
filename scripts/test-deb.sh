#!/usr/bin/env bash
# scripts/test-deb.sh [PACKAGE.deb]
#
# Installs yanzhen's Debian package on this machine as a clerk would (`apt-get install ./FILE.deb`),
# then, as an ordinary user of the installed command: `yanzhen --version`, `yanzhen init` and
# `yanzhen build` in a temporary folder (and `yanzhen print` of the example collection when PDF
# support is in), `man yanzhen` and `man yanzhen-build` render without warnings, the bash
# completion completes a subcommand; then removes the package (purge) and checks that every file it
# installed is gone. Default package: the newest dist/yanzhen_*_ARCH.deb (scripts/dist.sh makes it).
#
# Needs root (apt-get), man-db. Refuses to run when a yanzhen package is installed already, so that
# it never removes a package it did not install. Exit status 0 when every check passed.
set -euo pipefail

fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }
step() { echo "test-deb: $*" >&2; }
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

deb=${1:-}
if [[ -z $deb ]]; then
    deb=$(ls -t "$repo"/dist/yanzhen_*_"$(dpkg --print-architecture)".deb 2>/dev/null | head -n 1) \
        || true
    [[ -n $deb ]] || fail "no package given and none in dist/ (run scripts/dist.sh)"
fi
[[ -f $deb ]] || fail "no such file: $deb"
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")
[[ $(id -u) == 0 ]] || fail "needs root to install the package"
command -v man >/dev/null || fail "man is missing (apt-get install man-db)"
if dpkg-query -W -f '${Status}' yanzhen 2>/dev/null | grep -q ' installed$'; then
    fail "a yanzhen package is installed already; remove it first (apt-get purge yanzhen)"
fi

tmp=$(mktemp -d)
installed=0
cleanup() {
    ((installed)) && apt-get purge -y -qq yanzhen >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT

# ---------------------------------------------------------------- install
step "apt-get install $deb"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "$deb" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; fail "apt-get install"; }
installed=1
dpkg-query -W -f '${Status}' yanzhen | grep -q ' installed$' || fail "dpkg does not list yanzhen as installed"
dpkg-query -L yanzhen >"$tmp/files"
[[ $(command -v yanzhen) == /usr/bin/yanzhen ]] || fail "yanzhen is not /usr/bin/yanzhen on PATH"

# ---------------------------------------------------------------- use it, as a user
version=$(dpkg-query -W -f '${Version}' yanzhen)
v=$(yanzhen --version)
step "yanzhen --version: $v"
[[ $v == "yanzhen $version (commit "* ]] || fail "--version does not name version $version and the commit"
[[ $v == *"PDF: "* ]] || fail "--version does not say whether PDF support is in"

cd "$tmp"
yanzhen init site 2>"$tmp/init.log" || { cat "$tmp/init.log" >&2; fail "yanzhen init"; }
cd site
yanzhen build 2>"$tmp/build.log" || { cat "$tmp/build.log" >&2; fail "yanzhen build"; }
step "$(tail -n 1 "$tmp/build.log")"
grep -q '<html' public/index.html || fail "yanzhen build wrote no public/index.html"
pages=$(find public -name index.html | wc -l)
((pages >= 5)) || fail "yanzhen build wrote only $pages pages"
if [[ $v == *"PDF: yes"* ]]; then
    slug=$(basename "$(ls content/collections/*.md | head -n 1)" .md)
    yanzhen print "$slug" 2>"$tmp/print.log" || { cat "$tmp/print.log" >&2; fail "yanzhen print $slug"; }
    pdf=public/collections/$slug/$slug.pdf
    head -c 5 "$pdf" | grep -q '%PDF-' || fail "yanzhen print wrote no PDF at $pdf"
    step "yanzhen print $slug: $(du -h "$pdf" | cut -f1) PDF"
fi
cd "$tmp"

# ---------------------------------------------------------------- man pages, completions
for page in yanzhen yanzhen-build; do
    MANWIDTH=80 man --warnings "$page" >"$tmp/$page.txt" 2>"$tmp/$page.err" || fail "man $page"
    [[ ! -s $tmp/$page.err ]] || { cat "$tmp/$page.err" >&2; fail "man $page printed warnings"; }
done
grep -q 'SYNOPSIS' "$tmp/yanzhen.txt" || fail "man yanzhen has no SYNOPSIS"
grep -q 'yanzhen-build(1)' "$tmp/yanzhen.txt" || fail "man yanzhen does not list yanzhen-build(1)"
grep -q -- '--output' "$tmp/yanzhen-build.txt" || fail "man yanzhen-build does not describe --output"
step "man yanzhen: $(wc -l <"$tmp/yanzhen.txt") lines; man yanzhen-build: $(wc -l <"$tmp/yanzhen-build.txt") lines"

completed=$(bash -c 'source /usr/share/bash-completion/completions/yanzhen
    COMP_WORDS=(yanzhen bui); COMP_CWORD=1; COMP_LINE="yanzhen bui"; COMP_POINT=${#COMP_LINE}
    _yanzhen yanzhen bui yanzhen; echo "${COMPREPLY[*]}"')
[[ $completed == build ]] || fail "bash completion of 'yanzhen bui' gave '$completed', not 'build'"
for f in /usr/share/zsh/vendor-completions/_yanzhen /usr/share/fish/vendor_completions.d/yanzhen.fish; do
    [[ -s $f ]] || fail "no completion file $f"
done
command -v zsh >/dev/null && { zsh -n /usr/share/zsh/vendor-completions/_yanzhen || fail "zsh completion syntax"; }
command -v fish >/dev/null && { fish -n /usr/share/fish/vendor_completions.d/yanzhen.fish || fail "fish completion syntax"; }
step "bash completion: 'yanzhen bui' → '$completed'"

# ---------------------------------------------------------------- remove
apt-get purge -y -qq yanzhen >"$tmp/purge.log" 2>&1 || { cat "$tmp/purge.log" >&2; fail "apt-get purge"; }
installed=0
if dpkg-query -W -f '${Status}' yanzhen 2>/dev/null | grep -q 'installed'; then
    fail "dpkg still lists yanzhen after purge: $(dpkg-query -W -f '${Status}' yanzhen)"
fi
hash -r
! command -v yanzhen >/dev/null || fail "yanzhen is still on PATH after purge"
left=0
while read -r f; do
    [[ -f $f || -L $f ]] && { echo "left behind: $f" >&2; left=1; }
done <"$tmp/files"
((left == 0)) || fail "files of the package are left after purge"
[[ ! -e /usr/share/doc/yanzhen ]] || fail "/usr/share/doc/yanzhen is left after purge"
step "purged: none of its $(wc -l <"$tmp/files") paths is left"
echo "test-deb: every check passed"
