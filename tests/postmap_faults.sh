#!/bin/sh
# postmap_faults.sh BIN_DIR: crash safety of postkit's table builds, for
# hash, btree, lmdb and cdb:
#  1. SIGKILL at random points of a build, repeated: the previous table stays
#     byte-identical (or, when the build won the race, the new table is
#     complete). The kill delays are spread over the measured build time.
#  2. A build that runs out of file size (RLIMIT_FSIZE, with SIGXFSZ fatal
#     and with it ignored, so that write() fails with EFBIG) leaves the
#     previous table byte-identical and, for EFBIG, reports a fatal error;
#     temporary files left by killed builds are removed by the next build.
#  3. Readers looping `postmap -q` (postkit's and Postfix's) while the table
#     is rebuilt again and again never see a missing key or an error.
set -u
bin=$(cd "$1" && pwd)
ours=$bin/postmap
ref=/usr/sbin/postmap
work=$(mktemp -d "${TMPDIR:-/tmp}/pm-faults.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
mkdir conf
: >conf/main.cf
touch -d '-1 min' conf/main.cf
fail=0
bad() { echo "FAIL: $*"; fail=1; }
suffix() { case $1 in lmdb) echo .lmdb ;; cdb) echo .cdb ;; *) echo .db ;; esac; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# rand_delay SEED MAX_MS: a random delay in seconds, up to MAX_MS.
rand_delay() { awk -v s="$1" -v m="$2" 'BEGIN { srand(s); printf "%.3f", rand() * m / 1000 }'; }

printf 'old.example.com old value\nstable.example.com old\n' >small

for ty in hash btree lmdb cdb; do
  sfx=$(suffix $ty)
  n=150000
  case $ty in lmdb | cdb) n=600000 ;; esac
  awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "new%d.example.com value-%d\n", i, i }' >big
  last="new$((n - 1)).example.com"

  # --- 1. SIGKILL during a build.
  cp small t && touch -d '-1 min' t
  "$ours" -c conf $ty:t || bad "$ty: initial build"
  cp "t$sfx" old.copy
  cp big t && touch -d '-1 min' t
  start=$(now_ms)
  "$ours" -c conf $ty:t || bad "$ty: timing build"
  took=$(($(now_ms) - start))
  killed=0 finished=0
  for i in 1 2 3 4 5 6 7 8 9 10; do
    cp old.copy "t$sfx"
    "$ours" -c conf $ty:t 2>/dev/null &
    pid=$!
    sleep "$(rand_delay "$$$i" $((took * 11 / 10)))"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    if cmp -s old.copy "t$sfx"; then
      killed=$((killed + 1))
      [ "$("$ours" -c conf -q old.example.com $ty:t)" = "old value" ] ||
        bad "$ty: old table unreadable after SIGKILL"
    elif [ "$("$ours" -c conf -q $last $ty:t)" = "value-$((n - 1))" ]; then
      finished=$((finished + 1))
    else
      bad "$ty: table neither old nor complete after SIGKILL (iteration $i)"
    fi
  done
  echo "$ty: SIGKILL during a ${took} ms build: old table intact $killed times, build completed $finished times"
  [ $killed -gt 0 ] || bad "$ty: no kill hit a build in progress"
  # The next build removes the temporary files the killed builds left.
  "$ours" -c conf $ty:t || bad "$ty: build after the kills"
  ls .t"$sfx".postkit-tmp.* >/dev/null 2>&1 && bad "$ty: stale temporary files remain"

  # --- 2. Out of space: RLIMIT_FSIZE of 256 KiB.
  cp old.copy "t$sfx"
  (ulimit -f 512; exec "$ours" -c conf $ty:t) 2>/dev/null
  st=$?
  st1=$st
  [ $st1 -ne 0 ] || bad "$ty: build over RLIMIT_FSIZE exited 0"
  cmp -s old.copy "t$sfx" || bad "$ty: table changed by a build killed by SIGXFSZ"
  rm -f .t"$sfx".postkit-tmp.*
  # stderr goes through a pipe: the size limit applies to every file written.
  out=$( (trap '' XFSZ; ulimit -f 512; "$ours" -c conf $ty:t 2>&1; echo "exit=$?") | tail -2)
  st=${out##*exit=}
  [ "$st" != 0 ] || bad "$ty: build that hit EFBIG exited 0"
  case $out in *fatal:*) ;; *) bad "$ty: EFBIG not reported as fatal: $out" ;; esac
  cmp -s old.copy "t$sfx" || bad "$ty: table changed by a build that hit EFBIG"
  ls .t"$sfx".postkit-tmp.* >/dev/null 2>&1 && bad "$ty: temporary file left after EFBIG"
  echo "$ty: RLIMIT_FSIZE: SIGXFSZ status $st1; EFBIG: ${out%%exit=*}; old table intact"

  # --- 3. Readers during repeated rebuilds.
  awk 'BEGIN { for (i = 0; i < 20000; i++) printf "k%d v%d\n", i, i
               print "stable.example.com yes" }' >t
  touch -d '-1 min' t
  "$ours" -c conf $ty:t
  (for i in 1 2 3 4 5 6 7 8 9 10 11 12; do "$ours" -c conf $ty:t || exit 1; done) &
  writer=$!
  misses=0 reads=0
  while kill -0 $writer 2>/dev/null; do
    for reader in "$ours" "$ref"; do
      [ -x "$reader" ] || continue
      out=$("$reader" -c conf -q stable.example.com $ty:t 2>&1)
      reads=$((reads + 1))
      [ "$out" = yes ] || { misses=$((misses + 1)); echo "  read: '$out'"; }
    done
  done
  wait $writer || bad "$ty: a rebuild failed"
  [ $misses = 0 ] || bad "$ty: $misses of $reads lookups during rebuilds missed"
  echo "$ty: $reads lookups during 12 rebuilds, $misses misses"
done
exit $fail
