#!/bin/sh
# info_examples_test.sh BIN_DIR: share/examples against real Postfix 3.7.
# postkit's postconf must print what /usr/sbin/postconf prints for the
# example configuration (-n, -xn, -M, -F, -P, -t, -b; stdout and stderr),
# and the demo script (README command 1) must run to the end.
# Exit 77 (skipped) when real Postfix is not installed.
set -u
bin=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
[ -x /usr/sbin/postconf ] || { echo "skipped: /usr/sbin/postconf not installed"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/info-examples.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$root/share/examples/master.cf" "$root/share/examples/bounce.cf" "$work/"
# The example names /etc/postfix/bounce.cf; use the copy.
sed "s|^bounce_template_file = .*|bounce_template_file = $work/bounce.cf|" \
  "$root/share/examples/main.cf" >"$work/main.cf"
# Postfix pauses when main.cf changed within the last second.
touch -d '-1 min' "$work/main.cf" "$work/master.cf" "$work/bounce.cf"
fail=0
for flags in -n -xn -M -Mf -F -P -t -b; do
  /usr/sbin/postconf -c "$work" $flags >"$work/want.out" 2>"$work/want.err"
  "$bin/postconf" -c "$work" $flags >"$work/got.out" 2>"$work/got.err"
  if cmp -s "$work/want.out" "$work/got.out" && cmp -s "$work/want.err" "$work/got.err"; then
    echo "ok: postconf $flags ($(wc -l <"$work/want.out") lines)"
  else
    echo "FAIL: postconf $flags differs from Postfix:"
    diff -u "$work/want.out" "$work/got.out" | head -20
    diff -u "$work/want.err" "$work/got.err" | head -10
    fail=1
  fi
done
if POSTKIT_BIN=$bin sh "$root/share/examples/demo" >"$work/demo.out" 2>&1; then
  echo "ok: share/examples/demo ($(wc -l <"$work/demo.out") lines)"
else
  echo "FAIL: share/examples/demo:"
  tail -20 "$work/demo.out"
  fail=1
fi
exit $fail
