#!/bin/sh
# man_flags.sh BIN_DIR SOURCE_DIR: for every man page in share/man/man*/ whose
# command is built in BIN_DIR, the options the page describes (each ".TP"
# followed by ".B \-x", ".BI \-x ..." or ".BR \-x , \-\-long") are the options
# the command's usage message (`CMD --help`) lists, no more and no fewer.
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
  # Usage: Postfix's "[-bfh] [-c config_dir]" and CLI11's "-h,--help" forms;
  # a single-dash cluster names one option per letter.
  from_usage=$(printf '%s\n' "$usage" | tr ' ,' '\n\n' | sed 's/^\[//; s/\]*$//' |
    awk '/^--[a-z][a-z-]*/ { sub(/[=[].*/, ""); print; next }
         /^-[A-Za-z#]+$/ { for (i = 2; i <= length($0); i++) print "-" substr($0, i, 1) }' |
    sort -u)
  # Page: the options named on the line after each .TP (".B \-x",
  # ".BI \-x " arg"", ".BR \-x , \-\-long").
  from_page=$(awk 'prev == ".TP" && /^\.B[IR]? / { for (i = 2; i <= NF; i++) if ($i ~ /^"?\\-/) print $i }
                   { prev = $0 }' "$page" | sed 's/\\-/-/g; s/"//g' | sort -u)
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
