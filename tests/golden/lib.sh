# lib.sh: shared by run and record: prepare a scratch copy of a case and run it.
# Usage: run_case CASE_DIR PATH_PREFIX OUT_DIR
#   leaves OUT_DIR/stdout, OUT_DIR/stderr, OUT_DIR/status, OUT_DIR/files/...
run_case() {
  case_dir=$1 path_prefix=$2 out=$3
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX")
  # Copy inputs (not the record) into the scratch dir.
  (cd "$case_dir" && find . -mindepth 1 -maxdepth 1 ! -name expected ! -name cmd ! -name stdin \
      ! -name sort ! -name check -exec cp -a {} "$scratch/" \;)
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
