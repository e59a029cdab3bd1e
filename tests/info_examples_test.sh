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
# Bash completion: parameter names from share/parameters.tsv, -T modes,
# services of the example master.cf.
if command -v bash >/dev/null 2>&1; then
  got=$(PATH="$bin:$PATH" POSTKIT_PARAMETERS="$root/share/parameters.tsv" bash -c '
    . "$1/share/completion/postkit.bash"
    c() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); "$F" 2>/dev/null; echo "${COMPREPLY[*]}"; }
    F=_postkit_postconf c postconf smtpd_tls_cert
    F=_postkit_postconf c postconf -T run
    F=_postkit_postconf c postconf -c "$2" -M submission
    F=_postkit_postmap c postmap -c "$2" cid' sh "$root" "$work")
  want="smtpd_tls_cert_file
run-version
submission/inet submissions/inet
cidr:"
  if [ "$got" = "$want" ]; then
    echo "ok: bash completion"
  else
    echo "FAIL: bash completion: got:"
    echo "$got"
    fail=1
  fi
fi
if POSTKIT_BIN=$bin sh "$root/share/examples/demo" >"$work/demo.out" 2>&1; then
  echo "ok: share/examples/demo ($(wc -l <"$work/demo.out") lines)"
else
  echo "FAIL: share/examples/demo:"
  tail -20 "$work/demo.out"
  fail=1
fi
exit $fail
