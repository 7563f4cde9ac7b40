#!/usr/bin/env bash
# scripts/book-pages.sh PDF [PAGES...] — renders pages of a book to PNG with pdftoppm (poppler-utils)
# so they can be looked at: by default the cover, the contents, an entry's first spread and a
# running-head spread. Writes PDF-NNN.png beside the PDF (or into OUT=DIR).
set -euo pipefail
pdf=${1:?usage: scripts/book-pages.sh PDF [PAGES...]}
shift
out=${OUT:-$(dirname "$pdf")}
pages=("$@")
if ((${#pages[@]} == 0)); then
    n=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    pages=(1 3 5 7 8 9 10 11 12 13 "$n")
fi
base=$(basename "$pdf" .pdf)
for p in "${pages[@]}"; do
    pdftoppm -f "$p" -l "$p" -r "${DPI:-60}" -png -singlefile "$pdf" "$out/$base-$(printf %03d "$p")"
done
ls "$out"/"$base"-*.png
