#!/bin/sh
# man_flags.sh BIN_DIR SOURCE_DIR: for every man page in share/man/man*/ whose
# command is built in BIN_DIR, the options the page describes (each ".TP"
# followed by ".B \-x" or ".BI \-x ...") are the options the command's usage
# message (`CMD --help`) lists, no more and no fewer.
# Known difference: Postfix's postconf usage names -C as "-c param_class";
# postkit prints the same text, and its page documents -C.
set -eu
bin=$1
src=$2
status=0
checked=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for page in "$src"/share/man/man*/*.[1-9]; do
  cmd=$(basename "$page")
  cmd=${cmd%.*}
  [ -x "$bin/$cmd" ] || continue
  usage=$("$bin/$cmd" --help 2>&1 || true)
  from_usage=$(printf '%s\n' "$usage" | tr ' ' '\n' |
    sed -n 's/^\[\(-[A-Za-z#][A-Za-z#]*\)\]*$/\1/p; s/^\[\(--[a-z-]*\).*/\1/p; s/^\(--[a-z-][a-z-]*\).*/\1/p' |
    while read -r f; do
      case $f in
        --*) echo "$f" ;;
        *) printf '%s\n' "${f#-}" | fold -w 1 | sed 's/^/-/' ;;
      esac
    done | sort -u)
  from_page=$(awk 'prev == ".TP" && /^\.B[IR]? / { print $2 } { prev = $0 }' "$page" |
    sed 's/\\-/-/g; s/"//g' | grep '^-' | sort -u)
  case $cmd in postconf) from_usage=$(printf '%s\n-C\n' "$from_usage" | sort -u) ;; esac
  if [ -z "$from_usage" ]; then
    echo "man_flags: $cmd --help lists no options" >&2
    status=1
  elif [ "$from_usage" != "$from_page" ]; then
    echo "man_flags: $page and $cmd --help differ (< page, > usage):" >&2
    printf '%s\n' "$from_page" > "$tmp/page"
    printf '%s\n' "$from_usage" > "$tmp/usage"
    diff "$tmp/page" "$tmp/usage" >&2 || true
    status=1
  fi
  checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || { echo "man_flags: no page of a built command" >&2; exit 1; }
echo "man_flags: $checked pages checked"

exit $status
