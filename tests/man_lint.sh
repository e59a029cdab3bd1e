#!/bin/sh
# man_lint.sh SOURCE_DIR: every man page of the tree (share/man/man*/*.N and
# debian/*.N, globbed, so pages added later are checked too) is clean under
# `mandoc -Tlint` (no message at all, style included) and renders with
# `man -l` without a diagnostic.
set -eu
src=$1
command -v mandoc > /dev/null || { echo "man_lint: mandoc is not installed (.ci/packages)" >&2; exit 1; }
command -v man > /dev/null || { echo "man_lint: man is not installed (.ci/packages)" >&2; exit 1; }
status=0
n=0
for page in "$src"/share/man/man*/*.[1-9] "$src"/debian/*.[1-9]; do
  [ -f "$page" ] || continue
  n=$((n + 1))
  if ! out=$(mandoc -Tlint "$page" 2>&1) || [ -n "$out" ]; then
    printf '%s\n' "$out" >&2
    status=1
  fi
  if ! err=$(MANWIDTH=80 man -l "$page" 2>&1 > /dev/null) || [ -n "$err" ]; then
    echo "man_lint: man -l $page: $err" >&2
    status=1
  fi
done
[ "$n" -gt 0 ] || { echo "man_lint: no man page found under $src" >&2; exit 1; }
echo "man_lint: $n pages"
exit $status
