# lib.sh: shared by run and record (sourced, POSIX sh).
#   run_case CASE_DIR PATH_PREFIX OUT_DIR
#       runs one case in a scratch copy of its inputs; leaves OUT_DIR/stdout,
#       OUT_DIR/stderr, OUT_DIR/status and OUT_DIR/files/... (see README.md).
#   compare_case CASE_DIR GOT_DIR
#       compares a run with CASE_DIR/expected; prints the differences and
#       returns non-zero when the case fails.
#   list_cases SUITE_DIR [CASE...]
#       prints the case names to run, one per line (all cases when none given).
#   parallel_cases JOBS COMMAND...
#       reads case names on stdin and runs `COMMAND... CASE` for each, JOBS at
#       a time (Postfix sleeps about 1 s before each fatal exit, so recording
#       serially would take minutes per suite).

run_case() {
  case_dir=$1 path_prefix=$2 out=$3
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX")
  # Copy inputs (not the record) into the scratch dir.
  (cd "$case_dir" && find . -mindepth 1 -maxdepth 1 ! -name expected ! -name cmd ! -name stdin \
      ! -name sort ! -name check ! -name pending -exec cp -a {} "$scratch/" \;)
  # Postfix pauses ~2 s when main.cf changed within the last second.
  find "$scratch" -exec touch -h -d '-1 min' {} + 2>/dev/null || true
  rm -rf "$out"
  mkdir -p "$out"
  stdin=/dev/null
  [ -f "$case_dir/stdin" ] && stdin="$case_dir/stdin"
  status=0
  (cd "$scratch" && BIN="$path_prefix" PATH="$path_prefix:$PATH" MAIL_CONFIG= LANG=C LC_ALL=C \
      timeout 60 sh "$case_dir/cmd" <"$stdin" >"$out/stdout" 2>"$out/stderr") || status=$?
  echo "$status" >"$out/status"
  if [ -f "$case_dir/check" ]; then
    while IFS= read -r f; do
      [ -n "$f" ] || continue
      mkdir -p "$out/files/$(dirname "$f")"
      if [ -e "$scratch/$f" ]; then
        cp "$scratch/$f" "$out/files/$f"
      else
        echo "(missing)" >"$out/files/$f.missing"
      fi
    done <"$case_dir/check"
  fi
  # Scratch paths must not leak into the record.
  for f in "$out/stdout" "$out/stderr"; do
    sed -i "s|$scratch|SCRATCH|g" "$f"
  done
  rm -rf "$scratch"
}

# Normalise a stream for comparison: sorted when the case asks for it.
normalise() {
  if [ -f "$1/sort" ]; then LC_ALL=C sort "$2"; else cat "$2"; fi
}

compare_case() {
  cmp_case=$1 got=$2
  cmp_name=$(basename "$cmp_case")
  cmp_ok=0
  for s in stdout stderr; do
    if ! normalise "$cmp_case" "$cmp_case/expected/$s" >"$got/want.$s" 2>/dev/null ||
       ! normalise "$cmp_case" "$got/$s" >"$got/got.$s" ||
       ! cmp -s "$got/want.$s" "$got/got.$s"; then
      cmp_ok=1
      echo "--- $cmp_name: $s differs (cmd: $(cat "$cmp_case/cmd"))"
      diff -u "$got/want.$s" "$got/got.$s" | head -40
    fi
  done
  want_status=$(cat "$cmp_case/expected/status" 2>/dev/null || echo missing)
  got_status=$(cat "$got/status")
  # Postfix's exit status class: 0 or non-zero.
  if [ "$want_status" = missing ] ||
     { [ "$want_status" = 0 ] && [ "$got_status" != 0 ]; } ||
     { [ "$want_status" != 0 ] && [ "$got_status" = 0 ]; }; then
    cmp_ok=1
    echo "--- $cmp_name: exit status $got_status, expected $want_status"
  fi
  if [ -d "$cmp_case/expected/files" ] &&
     ! diff -r "$cmp_case/expected/files" "$got/files" >"$got/fdiff" 2>&1; then
    cmp_ok=1
    echo "--- $cmp_name: files differ"
    head -40 "$got/fdiff"
  fi
  return $cmp_ok
}

list_cases() {
  lc_suite=$1
  shift
  if [ $# -gt 0 ]; then
    for c in "$@"; do echo "${c%/}"; done
  else
    (cd "$lc_suite" && for c in */; do
       [ -f "$c/cmd" ] && echo "${c%/}"
     done) 2>/dev/null
  fi
}

parallel_cases() {
  pc_jobs=$1
  shift
  # GNU xargs (Debian's findutils) runs JOBS commands at a time.
  xargs -r -n 1 -P "$pc_jobs" "$@"
}
