# lib.sh: the benchmark harness, sourced by bench/run (POSIX sh).
#
# A benchmark is defined by setting the B_* variables below and calling
# bench_run; the kinds in kinds.sh do that from one line of benchmarks.conf.
#
#   B_NAME   name shown in the table and matched by --only
#   B_SIZE   what the input is, for the table ("1000000 entries")
#   B_NEEDS  postkit programs the benchmark runs (space separated); a missing
#            one makes the row 'not built'
#   B_SETUP  sh code run once in the data dir $D (cached per mode and setup
#            text): generate inputs, write $D/conf, compile reference maps
#   B_RESET  sh code run in a side's work dir before every run (untimed)
#   B_STDIN  file fed to the command's stdin (default /dev/null)
#   B_CMD    the timed command line, eval'd into words; the program is found
#            on PATH, which starts with postkit's bin dir for one side and
#            Postfix's for the other
#   B_NORMALISE  optional sed script applied to stdout before any comparison,
#            for values that differ on every run of the same program (a pid)
#   B_START  optional sh code run in $D before the check run (start a server)
#   B_STOP   optional sh code run in $D after the last run, whatever happened
#   B_CHECK  optional sh code run in a side's work dir after the check run;
#            its output joins the compared output (e.g. a dump of the map the
#            command wrote, read back by Postfix)
#
# Figures other than time (lookups per second, p99 latency of a load client)
# are reported by the command itself: it may write "NAME VALUE" lines to the
# file named by $BENCH_METRICS; the row's notes show each NAME's median over
# the counted runs, postkit / Postfix.
#
# Contract of bench_run: the check run of each side is compared first
# (stdout in order, stderr as sorted lines, exit status class, B_CHECK
# output); a difference is a WRONG row and nothing is timed. Otherwise the
# sides run alternately (postkit, Postfix, postkit, ...), at least
# $MIN_RUNS counted runs each after the check run (which is the warm-up), and
# more while a side has used less than $BUDGET_US in total (up to
# $MAX_RUNS). Each row is appended to $ROWS; a WRONG or FAILED row also sets
# the file $RESULTS/failed.
#
# Inputs from bench/run: ROOT CACHE TOOLS RESULTS ROWS PK_BIN PF_BIN MODE
# MIN_RUNS MAX_RUNS BUDGET_US ONLY.

# Called by a kind, with the kind's arguments, before it sets anything:
# clears the previous benchmark. B_ARGS keys the data cache (prepare_data).
bench_reset_fields() {
  B_ARGS="$*"
  B_NAME= B_SIZE= B_NEEDS= B_SETUP= B_RESET=: B_STDIN=/dev/null B_CMD= B_CHECK= B_NORMALISE= B_START= B_STOP=
}

# size FULL/QUICK: the size for the current mode.
size() {
  if [ "$MODE" = quick ]; then echo "${1#*/}"; else echo "${1%/*}"; fi
}

log() { printf '%s\n' "$*" >&2; }

# selected NAME: true when --only was not given or NAME matches one of its
# patterns (sh globs).
selected() {
  [ -z "$ONLY" ] && return 0
  set -f # the patterns are for case, not for the file system
  for pattern in $ONLY; do
    # shellcheck disable=SC2254
    case $1 in $pattern) set +f; return 0 ;; esac
  done
  set +f
  return 1
}

# row NAME SIZE PK PF RATIO PK_CPU PF_CPU PK_RSS PF_RSS RUNS [NOTES]: one
# table row.
row() {
  printf '| %s ' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" "$9" "${10}" "${11:-}" >>"$ROWS"
  echo "|" >>"$ROWS"
  log "bench: $1: $3 / $4 ($5)"
}

# row_status NAME SIZE TEXT: a row with no figures (not built, WRONG, FAILED).
row_status() { row "$1" "$2" "$3" - - - - - - -; }

# gen_file KIND ARGS...: path of a cached generator output, made if missing
# or older than the generator.
gen_file() {
  f="$CACHE/gen/$(echo "$*" | tr ' ' '-').txt"
  if [ ! -s "$f" ] || [ "$TOOLS/gen" -nt "$f" ]; then
    mkdir -p "$CACHE/gen"
    "$TOOLS/gen" "$@" >"$f.tmp" && mv "$f.tmp" "$f" || { rm -f "$f.tmp"; return 1; }
  fi
  echo "$f"
}

# conf_dir [MAIN_CF_LINE...]: write $D/conf/main.cf with the given lines,
# backdated so Postfix does not pause for a freshly modified main.cf.
conf_dir() {
  mkdir -p "$D/conf"
  : >"$D/conf/main.cf"
  for line in "$@"; do printf '%s\n' "$line" >>"$D/conf/main.cf"; done
  touch -d '-1 min' "$D/conf/main.cf"
}

# The data dir of the current benchmark: rebuilt when the setup text, the
# kind's arguments, the size or the generator change.
prepare_data() {
  D="$CACHE/data/$MODE/$B_NAME"
  stamp=$(printf '%s\n%s\n%s\n' "$B_ARGS" "$B_SIZE" "$B_SETUP"; cksum <"$ROOT/bench/tools/gen.cc")
  if [ -f "$D/.stamp" ] && [ "$(cat "$D/.stamp")" = "$stamp" ]; then
    return 0
  fi
  rm -rf "$D"
  mkdir -p "$D"
  (cd "$D" && eval "$B_SETUP") || return 1
  find "$D" -exec touch -h -d '-1 min' {} + || return 1
  printf '%s\n' "$stamp" >"$D/.stamp"
}

# one_run SIDE BIN OUT_PREFIX: reset SIDE's work dir and run the command
# once with BIN first on PATH; appends "WALL_US RSS_KIB STATUS" to
# OUT_PREFIX.times and leaves the streams in OUT_PREFIX.stdout/.stderr.
one_run() {
  w="$WORK/$1" run_bin=$2 out=$3
  (cd "$w" && eval "$B_RESET") || return 1
  eval "stdin_file=\"$B_STDIN\""
  eval "set -- $B_CMD"
  rm -f "$out.metrics.last"
  PATH="$run_bin:$SAVED_PATH" BENCH_METRICS="$out.metrics.last" "$TOOLS/timerun" -C "$w" \
    -i "$stdin_file" -o "$out.stdout" -e "$out.stderr" -- "$@" >>"$out.times" || return 1
  if [ -f "$out.metrics.last" ]; then cat "$out.metrics.last" >>"$out.metrics"; fi
}

# stdout_of PREFIX: a run's stdout as compared (B_NORMALISE applied).
stdout_of() {
  if [ -n "$B_NORMALISE" ]; then sed "$B_NORMALISE" "$1.stdout"; else cat "$1.stdout"; fi
}

# canonical SIDE: the compared form of SIDE's check run.
canonical() {
  w="$WORK/$1" p="$WORK/$1.check"
  status=$(awk '{ print $3 }' "$p.times")
  # Status and stderr first: when outputs differ, the head of the diff shows why.
  if [ "$status" = 0 ]; then echo "-- exit status 0"; else echo "-- exit status non-zero"; fi
  echo "-- stderr (sorted)"
  sed "s|$w|WORK|g" "$p.stderr" | LC_ALL=C sort
  echo "-- stdout"
  stdout_of "$p" | sed "s|$w|WORK|g"
  if [ -n "$B_CHECK" ]; then
    echo "-- check: $B_CHECK"
    (cd "$w" && eval "$B_CHECK") 2>&1 | sed "s|$w|WORK|g"
  fi
}

# not_built_reason: why postkit's check run shows its side does not exist
# yet (a map type it does not register, a stub), or nothing.
not_built_reason() {
  e="$WORK/pk.check.stderr"
  if grep -q 'unsupported dictionary type' "$e" &&
    ! grep -q 'unsupported dictionary type' "$WORK/pf.check.stderr"; then
    sed -n 's/.*unsupported dictionary type: *\([^ ]*\).*/\1/p' "$e" | head -n 1
  elif grep -q 'not implemented' "$e" && ! grep -q 'not implemented' "$WORK/pf.check.stderr"; then
    echo "stub"
  fi
}

# median: the median of the numbers on stdin, one per line.
median() {
  sort -n | awk '{ v[NR] = $1 } END { printf "%d\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# summary FILE: "MEDIAN_WALL_US MAX_RSS_KIB RUNS MEDIAN_CPU_US" of the counted
# runs in FILE (lines of timerun output).
summary() {
  echo "$(cut -d " " -f 1 "$1" | median)" \
    "$(awk '$2 > m { m = $2 } END { print m + 0 }' "$1")" "$(wc -l <"$1")" \
    "$(cut -d " " -f 4 "$1" | median)"
}

# same_stdout PREFIX PREFIX: whether two runs printed the same (normalised).
same_stdout() {
  if [ -z "$B_NORMALISE" ]; then cmp -s "$1.stdout" "$2.stdout"; return; fi
  stdout_of "$1" >"$1.norm" && stdout_of "$2" >"$2.norm" && cmp -s "$1.norm" "$2.norm"
}

# metrics_note PK_FILE PF_FILE: "NAME PK / PF" for each metric the command
# reported (median over the runs), joined with "; ", in order of first report.
metrics_note() {
  [ -s "$1" ] || [ -s "$2" ] || return 0
  for f in "$1" "$2"; do [ -f "$f" ] || : >"$f"; done
  awk '
    FILENAME != f { side++; f = FILENAME }
    { if (!($1 in seen)) { seen[$1] = 1; order[++names] = $1 }
      n[side, $1]++; v[side, $1, n[side, $1]] = $2 }
    function median(s, k,   c, i, j, t, a) {
      c = n[s, k]; if (c == 0) return "-"
      for (i = 1; i <= c; i++) a[i] = v[s, k, i]
      for (i = 2; i <= c; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return (c % 2) ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
    }
    END { for (i = 1; i <= names; i++) printf "%s%s %s / %s", (i > 1 ? "; " : ""), order[i], median(1, order[i]), median(2, order[i]) }
  ' "$1" "$2"
}

# min_total FILE FILE: the smaller of the two files' total wall time (us).
min_total() {
  awk 'FILENAME != f { n++; f = FILENAME } { s[n] += $1 } END { print int(s[1] < s[2] ? s[1] : s[2]) }' "$1" "$2"
}

fmt_time() { awk -v us="$1" 'BEGIN { ms = us / 1000; printf (ms < 10 ? "%.2f ms" : ms < 1000 ? "%.1f ms" : "%.2f s"), (ms < 1000 ? ms : ms / 1000) }'; }
fmt_rss() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

bench_run() {
  selected "$B_NAME" || return 0
  for p in $B_NEEDS; do
    if [ ! -x "$PK_BIN/$p" ]; then
      row_status "$B_NAME" "$B_SIZE" "not built ($p)"
      return 0
    fi
  done
  log "bench: $B_NAME: preparing data"
  if ! prepare_data; then
    row_status "$B_NAME" "$B_SIZE" "FAILED (setup)"
    : >"$RESULTS/failed"
    return 0
  fi
  if [ -n "$B_START" ] && ! (cd "$D" && eval "$B_START"); then
    row_status "$B_NAME" "$B_SIZE" "FAILED (start)"
    : >"$RESULTS/failed"
  else
    bench_measure
  fi
  if [ -n "$B_STOP" ]; then (cd "$D" && eval "$B_STOP") || log "bench: $B_NAME: stop failed"; fi
}

# bench_measure: the check run, then the timed runs (see the contract above).
bench_measure() {
  WORK="$CACHE/work/$MODE/$B_NAME"
  rm -rf "$WORK"
  mkdir -p "$WORK/pk" "$WORK/pf"
  export D

  log "bench: $B_NAME: check run"
  # Check run (also the warm-up): both sides must agree before any timing.
  one_run pk "$PK_BIN" "$WORK/pk.check" && one_run pf "$PF_BIN" "$WORK/pf.check" || {
    row_status "$B_NAME" "$B_SIZE" "FAILED (harness)"
    : >"$RESULTS/failed"
    return 0
  }
  reason=$(not_built_reason)
  if [ -n "$reason" ]; then
    row_status "$B_NAME" "$B_SIZE" "not built ($reason)"
    return 0
  fi
  canonical pk >"$WORK/pk.canon"
  canonical pf >"$WORK/pf.canon"
  if ! cmp -s "$WORK/pk.canon" "$WORK/pf.canon"; then
    diff -u "$WORK/pf.canon" "$WORK/pk.canon" | head -n 200 >"$RESULTS/$B_NAME.diff"
    row_status "$B_NAME" "$B_SIZE" "WRONG (bench/results/$B_NAME.diff)"
    : >"$RESULTS/failed"
    return 0
  fi

  log "bench: $B_NAME: outputs agree; timing"
  # Counted runs, alternating; each must behave as its check run did.
  runs=0
  while :; do
    runs=$((runs + 1))
    for side in pk pf; do
      if [ $side = pk ]; then bin=$PK_BIN; else bin=$PF_BIN; fi
      one_run $side "$bin" "$WORK/$side.run" || {
        row_status "$B_NAME" "$B_SIZE" "FAILED (harness)"
        : >"$RESULTS/failed"
        return 0
      }
      if [ "$(tail -n 1 "$WORK/$side.run.times" | awk '{ print ($3 != 0) }')" != \
        "$(awk '{ print ($3 != 0) }' "$WORK/$side.check.times")" ] ||
        ! same_stdout "$WORK/$side.run" "$WORK/$side.check"; then
        row_status "$B_NAME" "$B_SIZE" "FAILED ($side changed its output between runs)"
        : >"$RESULTS/failed"
        return 0
      fi
    done
    [ $runs -lt "$MIN_RUNS" ] && continue
    [ $runs -ge "$MAX_RUNS" ] && break
    spent=$(min_total "$WORK/pk.run.times" "$WORK/pf.run.times")
    [ "$spent" -ge "$BUDGET_US" ] && break
  done

  set -- $(summary "$WORK/pk.run.times") $(summary "$WORK/pf.run.times")
  # $1..$4: postkit's median wall time, peak RSS, runs, median CPU; $5..$8: Postfix's.
  ratio=$(awk -v a="$1" -v b="$5" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
  row "$B_NAME" "$B_SIZE" "$(fmt_time "$1")" "$(fmt_time "$5")" "$ratio" "$(fmt_time "$4")" \
    "$(fmt_time "$8")" "$(fmt_rss "$2")" "$(fmt_rss "$6")" "$3" \
    "$(metrics_note "$WORK/pk.run.metrics" "$WORK/pf.run.metrics")"
}

# bench_profile: with --profile TOOL, instead of timing, run the postkit
# side of the benchmark once under perf (call graphs) or valgrind's
# callgrind, on the same data, and leave the report in
# $RESULTS/NAME.TOOL.txt (raw data beside it).
bench_profile() {
  selected "$B_NAME" || return 0
  for p in $B_NEEDS; do
    [ -x "$PK_BIN/$p" ] || { log "bench: $B_NAME: not built ($p)"; return 0; }
  done
  prepare_data || { log "bench: $B_NAME: setup failed"; return 0; }
  if [ -n "$B_START" ] && ! (cd "$D" && eval "$B_START"); then
    log "bench: $B_NAME: start failed"
    return 0
  fi
  profile_once
  if [ -n "$B_STOP" ]; then (cd "$D" && eval "$B_STOP") || log "bench: $B_NAME: stop failed"; fi
}

# profile_once: the profiled run of bench_profile.
profile_once() {
  WORK="$CACHE/work/$MODE/$B_NAME"
  rm -rf "$WORK"
  mkdir -p "$WORK/pk"
  export D
  (cd "$WORK/pk" && eval "$B_RESET") || return 0
  eval "stdin_file=\"$B_STDIN\""
  eval "set -- $B_CMD"
  prog=$(PATH="$PK_BIN:$SAVED_PATH" command -v "$1")
  shift
  out="$RESULTS/$B_NAME.$PROFILE" status=0
  case $PROFILE in
    perf)
      (cd "$WORK/pk" && perf record -q -g -o "$out.data" -- "$prog" "$@" <"$stdin_file" >/dev/null 2>&1) ||
        status=$?
      perf report -i "$out.data" --stdio --no-children -g none --sort dso,symbol --percent-limit 1 2>/dev/null |
        grep -v '^$' | head -n 60 >"$out.txt"
      ;;
    callgrind)
      (cd "$WORK/pk" && valgrind -q --tool=callgrind --callgrind-out-file="$out.data" \
        "$prog" "$@" <"$stdin_file" >/dev/null 2>&1) || status=$?
      callgrind_annotate --inclusive=no "$out.data" 2>/dev/null | head -n 40 >"$out.txt"
      ;;
  esac
  if [ "$status" != 0 ]; then
    # A profile of a failing run (an unsupported map type, a stub) is not one
    # of the benchmark; say so in the report.
    sed -i "1i WARNING: postkit exited with status $status; this profiles a failing run" "$out.txt"
    log "bench: $B_NAME: WARNING: postkit exited with status $status"
  fi
  log "bench: $B_NAME: profile in $out.txt"
}
