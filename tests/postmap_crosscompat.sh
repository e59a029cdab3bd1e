#!/bin/sh
# postmap_crosscompat.sh BIN_DIR: file compatibility of postkit's postmap with
# real Postfix 3.7 (/usr/sbin/postmap), both ways, for hash, btree, lmdb and
# cdb: a table built by one is queried (-q -) and listed (-s, not for cdb) by
# the other, with default NULs, -N, -n and -f; incremental updates (-i) and
# deletes (-d) made by one are seen by the other.
set -u
bin=$(cd "$1" && pwd)
ours=$bin/postmap
ref=/usr/sbin/postmap
if [ ! -x "$ref" ]; then
  echo "postmap_crosscompat: SKIP: no $ref"
  exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/pm-cross.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
mkdir conf
: >conf/main.cf
# A source with mixed case, continuation lines, comments, duplicates.
awk 'BEGIN {
  for (i = 0; i < 3000; i++) printf "Key%d.Example.COM value %d\n", i, i
  print "# a comment"
  print "multi first"
  print "  second line"
  print "key1.example.com duplicate"
}' >src
awk 'BEGIN { for (i = 0; i < 3000; i += 7) printf "key%d.example.com\n", i
             print "multi"; print "nokey"; print "KEY5.EXAMPLE.COM" }' >keys
touch -d '-1 min' conf/main.cf src
fail=0
check() {  # check LABEL WANT_FILE GOT_FILE
  if ! cmp -s "$2" "$3"; then
    echo "FAIL: $1"
    diff "$2" "$3" | head -5
    fail=1
  else
    echo "ok: $1"
  fi
}
for ty in hash btree lmdb cdb; do
  for flags in "" "-N" "-n" "-f"; do
    tag="$ty${flags:+ $flags}"
    # Reference results: Postfix builds and reads its own table.
    "$ref" -c conf $flags $ty:src 2>/dev/null
    "$ref" -c conf $flags -q - $ty:src <keys >want.q 2>&1
    "$ref" -c conf $flags -s $ty:src 2>&1 | sort >want.s
    # postkit builds, Postfix reads.
    "$ours" -c conf $flags $ty:src 2>/dev/null
    "$ref" -c conf $flags -q - $ty:src <keys >got.q 2>&1
    check "$tag: postkit writes, Postfix queries" want.q got.q
    if [ $ty != cdb ]; then
      "$ref" -c conf $flags -s $ty:src 2>&1 | sort >got.s
      check "$tag: postkit writes, Postfix lists" want.s got.s
    fi
    if [ -z "$flags" ]; then
      # The default NUL convention: with a NUL for all but cdb (as Postfix).
      nul=-N; [ $ty = cdb ] && nul=-n
      "$ref" -c conf $nul -q - $ty:src <keys >got.q 2>&1
      check "$tag: postkit stores Postfix's default NUL convention" want.q got.q
    fi
    # Postfix builds, postkit reads.
    "$ref" -c conf $flags $ty:src 2>/dev/null
    "$ours" -c conf $flags -q - $ty:src <keys >got.q 2>&1
    check "$tag: Postfix writes, postkit queries" want.q got.q
    if [ $ty != cdb ]; then
      "$ours" -c conf $flags -s $ty:src 2>&1 | sort >got.s
      check "$tag: Postfix writes, postkit lists" want.s got.s
    fi
  done
  [ $ty = cdb ] && continue
  # Incremental updates and deletes across implementations.
  "$ours" -c conf $ty:src 2>/dev/null
  printf 'added.by.postfix v1\n' | "$ref" -c conf -i $ty:src
  printf 'added.by.postkit v2\n' | "$ours" -c conf -i $ty:src
  "$ref" -c conf -d key7.example.com $ty:src
  "$ours" -c conf -d key14.example.com $ty:src
  printf 'added.by.postfix\nadded.by.postkit\nkey7.example.com\nkey14.example.com\nkey21.example.com\n' >ikeys
  printf 'added.by.postfix\tv1\nadded.by.postkit\tv2\nkey21.example.com\tvalue 21\n' >want.i
  "$ref" -c conf -q - $ty:src <ikeys >got.i 2>&1
  check "$ty: -i/-d by both, Postfix queries" want.i got.i
  "$ours" -c conf -q - $ty:src <ikeys >got.i 2>&1
  check "$ty: -i/-d by both, postkit queries" want.i got.i
done

# Large sources take other write paths: a hash table pre-sized from the
# source size (above ~128 KB of source) and, from 50,000 entries, the sorted
# bulk load. Each is listed (or, for cdb, queried) by Postfix and compared
# with the table Postfix builds itself; then Postfix adds entries with -i.
for n in 20000 60000; do
  awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "User%d@Domain%d.Example value-%d extra words\n", i, i % 97, i }' >big
  awk -v n=$n 'BEGIN { for (i = 0; i < n; i += 13) printf "user%d@domain%d.example\n", i, i % 97; print "nokey" }' >bigkeys
  touch -d '-1 min' big
  for ty in hash btree lmdb cdb; do
    "$ref" -c conf $ty:big 2>/dev/null
    "$ref" -c conf -q - $ty:big <bigkeys >want.q 2>&1
    [ $ty != cdb ] && "$ref" -c conf -s $ty:big 2>&1 | sort >want.s
    "$ours" -c conf $ty:big 2>/dev/null
    "$ref" -c conf -q - $ty:big <bigkeys >got.q 2>&1
    check "$ty, $n entries: postkit writes, Postfix queries" want.q got.q
    [ $ty = cdb ] && continue
    "$ref" -c conf -s $ty:big 2>&1 | sort >got.s
    check "$ty, $n entries: postkit writes, Postfix lists" want.s got.s
    awk 'BEGIN { for (i = 0; i < 5000; i++) printf "added%d.example v%d\n", i, i }' |
      "$ref" -c conf -i $ty:big
    printf 'added0.example\nadded4999.example\nuser13@domain13.example\n' >addkeys
    printf 'added0.example\tv0\nadded4999.example\tv4999\nuser13@domain13.example\tvalue-13 extra words\n' >want.a
    "$ours" -c conf -q - $ty:big <addkeys >got.a 2>&1
    check "$ty, $n entries: Postfix adds 5,000 with -i, postkit queries" want.a got.a
  done
done
exit $fail
