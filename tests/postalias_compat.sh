#!/bin/sh
# postalias_compat.sh BIN_DIR: file compatibility of alias databases between
# postkit and real Postfix 3.7, for hash, btree, lmdb and cdb, with the
# default, -N and -n NUL conventions:
#   1. postkit builds, real postalias reads (-q - for every name and the
#      signatures, -s except for cdb): the output must equal what real
#      postalias reads from a table that real postalias built;
#   2. real postalias builds, postkit reads: the same comparison;
#   3. for hash, btree and lmdb, -i (add from stdin) and -d - (delete) applied
#      by one program to a table the other built must give what real
#      postalias gives, read by both.
# The input has continuation lines, comments, quoted names, multi-address
# values, pipes, files and :include:. YP_LAST_MODIFIED (a time stamp) is
# masked. Exits 77 (skipped) when Postfix is not installed.
set -u
bin=$(cd "$1" && pwd)
ref=/usr/sbin/postalias
ours=$bin/postalias
[ -x "$ref" ] || { echo "postalias_compat: $ref not found: skipped"; exit 77; }
[ -x "$ours" ] || { echo "postalias_compat: $ours not found"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/postalias_compat.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/conf"
printf 'myhostname = compat.example\n' >"$work/conf/main.cf"
cd "$work" || exit 1

# The source: 500 generated entries plus hand-picked syntax.
i=0
: >aliases
while [ $i -lt 500 ]; do
  printf 'User%d: dest%d@example.com,\n  "Full Name %d" <u%d@example.org>, local%d\n' \
    $i $i $i $i $i >>aliases
  i=$((i + 1))
done
cat >>aliases <<'X'
# comment
"Quoted Name": "x y"@example.com, \foo
pipe: "|/usr/bin/prog arg", /var/mail/file, :include:/etc/list
multi: one,
	two, three
   # indented comment
   four
trailing: foo,
empty: ""
X
touch -d '-1 min' conf/main.cf aliases
sed -n 's/^\([A-Za-z"][^:]*\):.*/\1/p' aliases | tr -d '"' >keys
printf '@\nYP_MASTER_NAME\nYP_LAST_MODIFIED\nmissing\n' >>keys

mask() { sed 's/^\(YP_LAST_MODIFIED:\).*/\1 (time)/'; }
# read PROGRAM TYPE FLAGS: what PROGRAM reads from TYPE:aliases.
read_table() {
  "$1" -c conf $3 -q - "$2:aliases" <keys 2>&1 | mask
  if [ "$2" != cdb ]; then "$1" -c conf $3 -s "$2:aliases" 2>&1 | mask | LC_ALL=C sort; fi
}
fail=0 n=0
for type in hash btree lmdb cdb; do
  for flags in "" -N -n; do
    n=$((n + 1))
    what="$type ${flags:-default}"
    "$ref" -c conf $flags "$type:aliases" 2>ref.err || { echo "FAIL $what: real postalias failed"; fail=1; continue; }
    read_table "$ref" "$type" "$flags" >want.ref
    read_table "$ours" "$type" "$flags" >got.ours_reads_ref
    "$ours" -c conf $flags "$type:aliases" 2>ours.err || { echo "FAIL $what: postkit postalias failed"; fail=1; continue; }
    read_table "$ref" "$type" "$flags" >got.ref_reads_ours
    if [ "$(wc -l <want.ref)" -lt 500 ]; then
      echo "FAIL $what: real postalias read too little"; fail=1
    elif ! cmp -s want.ref got.ref_reads_ours; then
      echo "FAIL $what: real postalias reads postkit's table differently"
      diff want.ref got.ref_reads_ours | head -10; fail=1
    elif ! cmp -s want.ref got.ours_reads_ref; then
      echo "FAIL $what: postkit reads Postfix's table differently"
      diff want.ref got.ours_reads_ref | head -10; fail=1
    elif ! cmp -s ref.err ours.err; then
      echo "FAIL $what: build diagnostics differ"; diff ref.err ours.err | head -10; fail=1
    else
      echo "ok $what"
    fi
  done
done
# Incremental updates and deletes of the other program's table (not cdb,
# which can only be rebuilt): the result, read by real Postfix, must be the
# same as when real Postfix made the change.
printf 'new: one,two\nroot: other\n"New Name": x\n' >more
printf 'user1\nuser2\nmissing\n' >gone
printf 'new\nroot\nnew name\nuser1\nuser2\nuser3\n' >>keys
for type in hash btree lmdb; do
  for step in "-i" "-d -"; do
    n=$((n + 1))
    what="$type $step on the other's table"
    input=more
    [ "$step" = "-i" ] || input=gone
    "$ref" -c conf "$type:aliases" 2>/dev/null
    "$ref" -c conf $step "$type:aliases" <$input 2>want.err; echo "exit $?" >>want.err
    read_table "$ref" "$type" "" >want.ref
    "$ref" -c conf "$type:aliases" 2>/dev/null
    "$ours" -c conf $step "$type:aliases" <$input 2>got.err; echo "exit $?" >>got.err
    read_table "$ref" "$type" "" >got.ref
    "$ours" -c conf "$type:aliases" 2>/dev/null
    "$ref" -c conf $step "$type:aliases" <$input 2>/dev/null
    read_table "$ours" "$type" "" >got.ours
    if ! cmp -s want.ref got.ref || ! cmp -s want.err got.err; then
      echo "FAIL $what: postkit's change reads differently"; diff want.ref got.ref | head -10
      diff want.err got.err | head -5; fail=1
    elif ! cmp -s want.ref got.ours; then
      echo "FAIL $what: postkit reads Postfix's change differently"; diff want.ref got.ours | head -10; fail=1
    else
      echo "ok $what"
    fi
  done
done
echo "postalias_compat: $n combinations, $([ $fail = 0 ] && echo all passed || echo FAILURES)"
exit $fail
