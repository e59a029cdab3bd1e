#!/bin/sh
# postconf_edit_lock.sh BIN_DIR [N]: concurrent postconf edits by postkit and
# by real Postfix 3.7 never lose each other. Four loops run at once on one
# configuration directory:
#   postkit -e pkN=N  and  Postfix -e pfN=N          (main.cf, N edits each)
#   postkit -Pe smtp/inet/pkmN=N  and  Postfix -Pe smtp/inet/pfmN=N
#                                                     (master.cf, N edits each)
# Each edit reads the file, changes it and replaces it; without Postfix's
# lock on main.cf.tmp / master.cf.tmp two overlapping edits keep only one
# change. Afterwards every one of the 4*N settings must be there (read back
# back), no main.cf.tmp or master.cf.tmp may be left, and every
# command must have exited 0. N defaults to 150 (600 edits). Exits 77
# (skipped) when Postfix is not installed.
set -u
bin=$(cd "$1" && pwd)
n=${2:-150}
ref=/usr/sbin/postconf
ours=$bin/postconf
[ -x "$ref" ] || { echo "postconf_edit_lock: $ref not found: skipped"; exit 77; }
[ -x "$ours" ] || { echo "postconf_edit_lock: $ours not found"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/postconf_edit_lock.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
conf=$work/conf
mkdir "$conf"
printf 'myhostname = lock.example\nmydomain = example\n' >"$conf/main.cf"
printf 'smtp      inet  n       -       y       -       -       smtpd\n' >"$conf/master.cf"

# edits PROGRAM FLAG PREFIX: N edits, the failures counted in $work/fail.PREFIX
edits() {
  i=1
  while [ $i -le "$n" ]; do
    case $2 in
      -e) "$1" -c "$conf" -e "$3$i=$i" 2>>"$work/err.$3" || echo "$3$i" >>"$work/fail.$3" ;;
      -Pe) "$1" -c "$conf" -Pe "smtp/inet/$3$i=$i" 2>>"$work/err.$3" ||
        echo "$3$i" >>"$work/fail.$3" ;;
    esac
    i=$((i + 1))
  done
}

edits "$ours" -e pk &
p1=$!
edits "$ref" -e pf &
p2=$!
edits "$ours" -Pe pkm &
p3=$!
edits "$ref" -Pe pfm &
p4=$!
wait $p1 $p2 $p3 $p4

status=0
for prefix in pk pf pkm pfm; do
  if [ -s "$work/fail.$prefix" ] || [ -s "$work/err.$prefix" ]; then
    echo "postconf_edit_lock: $prefix edits failed: $(wc -l <"$work/fail.$prefix" 2>/dev/null)"
    head -5 "$work/err.$prefix"
    status=1
  fi
done
# main.cf is read as text (postconf -n leaves out unknown names); master.cf
# as real Postfix reads its -o settings back.
"$ref" -c "$conf" -P >"$work/master.out" 2>"$work/master.err"
for prefix in pk pf; do
  got=$(grep -c "^$prefix[0-9]* = " "$conf/main.cf")
  [ "$got" -eq "$n" ] || { echo "postconf_edit_lock: main.cf has $got of $n $prefix edits"; status=1; }
done
for prefix in pkm pfm; do
  got=$(grep -c "^smtp/inet/$prefix[0-9]* = " "$work/master.out")
  [ "$got" -eq "$n" ] || { echo "postconf_edit_lock: master.cf has $got of $n $prefix edits"; status=1; }
done
for f in main.cf.tmp master.cf.tmp; do
  [ ! -e "$conf/$f" ] || { echo "postconf_edit_lock: $f left behind"; status=1; }
done
leftover=$(ls -A "$conf" | grep -v '^main\.cf$' | grep -v '^master\.cf$')
[ -z "$leftover" ] || { echo "postconf_edit_lock: files left behind: $leftover"; status=1; }
[ $status -eq 0 ] && echo "postconf_edit_lock: $((4 * n)) interleaved edits, none lost"
exit $status
