# kinds.sh: the kinds of benchmark that benchmarks.conf lines name (POSIX sh).
#
# Each kind is a function taking the rest of its benchmarks.conf line; it
# sets the B_* fields documented in lib.sh and calls bench_run. Sizes are
# written FULL/QUICK. The code in B_SETUP/B_RESET/B_CMD/B_CHECK is eval'd
# later but still inside the kind's call, so it may use the kind's k_*
# variables; $D is the benchmark's data dir and $PF_BIN holds Postfix's
# programs (reference maps are compiled, and outputs read back, by Postfix).
#
# To add a kind: write a function here that first calls
# `bench_reset_fields "$@"`, then sets B_NAME, B_SIZE, B_NEEDS, B_SETUP,
# B_CMD (and, as needed, B_RESET, B_STDIN, B_CHECK, B_START, B_STOP,
# B_NORMALISE) and calls bench_run; the kinds below are the examples.

# main.cf for the map benchmarks: Debian's default compatibility level, so
# postmap runs as on an installed system (UTF-8 checks on).
MAP_MAIN_CF='compatibility_level = 3.6'
# A map size that holds the 1,000,000-entry lmdb build. With the 16 MiB
# default, Postfix 3.7 grows the map mid-build and stores the keys of the
# retried transaction without case folding (a Postfix quirk that postkit does
# not copy), so the outputs would differ for a reason unrelated to speed.
MAP_LMDB_CF='lmdb_map_size = 1073741824'

# Dump of a map read back by Postfix: sorted -s output, or for cdb (which
# Postfix cannot iterate) the answers to the check queries.
dump_map() { # TYPE FILE
  if [ "$1" = cdb ]; then
    "$PF_BIN/postmap" -c "$D/conf" -q - "$1:$2" <"$D/check.q"
  else
    "$PF_BIN/postmap" -c "$D/conf" -s "$1:$2" | LC_ALL=C sort
  fi
}

# compile NAME TYPE ENTRIES: postmap TYPE:map from an ENTRIES-line source;
# the written map is read back by Postfix and compared.
compile() {
  bench_reset_fields "$@"
  k_type=$2 k_n=$(size "$3")
  B_NAME=$1 B_SIZE="$k_n entries" B_NEEDS=postmap
  B_SETUP='ln -s "$(gen_file map $k_n)" map.src &&
    ln -s "$(gen_file mapq $((k_n / 10)) $k_n)" check.q && conf_dir "$MAP_MAIN_CF" "$MAP_LMDB_CF"'
  B_RESET='rm -f map map.db map.lmdb map.cdb && ln -s "$D/map.src" map'
  B_CMD='postmap -c "$D/conf" $k_type:map'
  B_CHECK='dump_map $k_type map'
  bench_run
}

# query NAME TYPE ENTRIES QUERIES: postmap -q - on a map of ENTRIES entries
# compiled by Postfix, QUERIES keys on stdin, half of them misses.
query() {
  bench_reset_fields "$@"
  k_type=$2 k_n=$(size "$3") k_q=$(size "$4")
  B_NAME=$1 B_SIZE="$k_q keys, $k_n entries" B_NEEDS=postmap
  B_SETUP='conf_dir "$MAP_MAIN_CF" "$MAP_LMDB_CF" && ln -s "$(gen_file map $k_n)" map &&
    cp "$(gen_file mapq $k_q $k_n)" queries &&
    "$PF_BIN/postmap" -c "$D/conf" $k_type:map'
  B_STDIN='$D/queries'
  B_CMD='postmap -c "$D/conf" -q - $k_type:"$D/map"'
  bench_run
}

# pattern NAME TYPE RULES QUERIES: postmap -q - on a cidr, regexp or pcre
# table (regexp and pcre share one rule file, valid in both syntaxes).
pattern() {
  bench_reset_fields "$@"
  k_type=$2 k_n=$(size "$3") k_q=$(size "$4")
  k_gen=$k_type
  [ "$k_type" = pcre ] && k_gen=regexp
  B_NAME=$1 B_SIZE="$k_n rules, $k_q queries" B_NEEDS=postmap
  B_SETUP='conf_dir "$MAP_MAIN_CF" && cp "$(gen_file $k_gen $k_n)" rules &&
    cp "$(gen_file ${k_gen}q $k_q $k_n)" queries'
  B_STDIN='$D/queries'
  B_CMD='postmap -c "$D/conf" -q - $k_type:"$D/rules"'
  bench_run
}

# aliases NAME TYPE ENTRIES: postalias TYPE:aliases from an aliases(5) file of
# ENTRIES entries; the database is read back by Postfix's postalias -s, less
# YP_LAST_MODIFIED (the time of the run).
aliases() {
  bench_reset_fields "$@"
  k_type=$2 k_n=$(size "$3")
  B_NAME=$1 B_SIZE="$k_n entries" B_NEEDS=postalias
  B_SETUP='conf_dir "$MAP_MAIN_CF" "$MAP_LMDB_CF" && ln -s "$(gen_file aliases $k_n)" aliases.src'
  B_RESET='rm -f aliases aliases.db aliases.lmdb aliases.cdb && ln -s "$D/aliases.src" aliases'
  B_CMD='postalias -c "$D/conf" $k_type:aliases'
  B_CHECK='"$PF_BIN/postalias" -c "$D/conf" -s $k_type:aliases | grep -av "^YP_LAST_MODIFIED:" |
    LC_ALL=C sort'
  bench_run
}

# config NAME FLAGS...: postconf -c DIR FLAGS on bench/data's 150-parameter
# main.cf and its master.cf.
config() {
  bench_reset_fields "$@"
  B_NAME=$1
  shift
  k_flags=$*
  B_SIZE="150 parameters" B_NEEDS=postconf
  B_SETUP='mkdir conf && cp "$ROOT/bench/data/main.cf" "$ROOT/bench/data/master.cf" conf/'
  B_CMD='postconf -c "$D/conf" $k_flags'
  # postconf -d prints its own process id.
  B_NORMALISE='s/^process_id = [0-9]*$/process_id = PID/'
  bench_run
}

# custom NAME SIZE NEEDS SETUP CMD [STDIN [RESET [CHECK]]]: any other
# benchmark, every field given in place (see lib.sh for their meaning).
custom() {
  bench_reset_fields "$@"
  B_NAME=$1 B_SIZE=$2 B_NEEDS=$3 B_SETUP=$4 B_CMD=$5
  B_STDIN=${6:-/dev/null} B_RESET=${7:-:} B_CHECK=${8:-}
  bench_run
}

# sqlite_cf DB: an sqlite_table(5) file for the table mksqlite writes.
sqlite_cf() {
  printf 'dbpath = %s\n' "$1"
  printf "query = SELECT value FROM map WHERE key = '%%s'\n"
}

# sqlite NAME ENTRIES QUERIES: postmap -q - sqlite:cf on an SQLite table of
# ENTRIES rows, QUERIES keys on stdin, half of them misses.
sqlite() {
  bench_reset_fields "$@"
  k_n=$(size "$2") k_q=$(size "$3")
  B_NAME=$1 B_SIZE="$k_q keys, $k_n rows" B_NEEDS=postmap
  B_SETUP='conf_dir "$MAP_MAIN_CF" && "$TOOLS/mksqlite" map.sqlite <"$(gen_file map $k_n)" &&
    sqlite_cf "$D/map.sqlite" >sqlite.cf && cp "$(gen_file mapq $k_q $k_n)" queries'
  B_STDIN='$D/queries'
  B_CMD='postmap -c "$D/conf" -q - sqlite:"$D/sqlite.cf"'
  bench_run
}

# PostgreSQL from Debian's packages, as a private cluster serving a UNIX
# socket only. As root the server runs as user postgres (initdb refuses
# root). The cluster lives in a temporary directory, not in the cache: the
# postgres user cannot reach a clone under a private home such as /root.
# $D/pgroot names that directory; pg_start waits until the server accepts
# connections.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_root() { cat "$D/pgroot"; }
pg_start() {
  as_pg "$(pg_bin)/pg_ctl" -D "$(pg_root)/pg" -l "$(pg_root)/pg/server.log" -w -s \
    -o "-k $(pg_root)/sock -c listen_addresses= -c fsync=off" start
}
pg_stop() { as_pg "$(pg_bin)/pg_ctl" -D "$(pg_root)/pg" -w -s -m fast stop; }
# pg_setup FILE: a cluster with database bench, table map loaded from the
# "key value" lines of FILE (keys lower-cased, as in mksqlite), and pgsql.cf.
pg_setup() {
  [ -n "$(pg_bin)" ] || { log "bench: PostgreSQL server binaries not installed"; return 1; }
  pgr=$(mktemp -d "${TMPDIR:-/tmp}/postkit-bench-pg.XXXXXX") || return 1
  chmod 755 "$pgr" && echo "$pgr" >"$D/pgroot"
  mkdir "$pgr/pg" "$pgr/sock" && chmod 700 "$pgr/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$pgr/pg" "$pgr/sock"
  as_pg "$(pg_bin)/initdb" -D "$pgr/pg" -A trust -U postgres --no-sync >"$D/initdb.log" 2>&1 || return 1
  pg_start || return 1
  awk '{ k = tolower($1); sub(/^[^ \t]+[ \t]+/, ""); print k "\t" $0 }' "$1" >"$pgr/map.tsv"
  chmod 644 "$pgr/map.tsv"
  { as_pg "$(pg_bin)/createdb" -h "$pgr/sock" -U postgres bench &&
    as_pg psql -q -h "$pgr/sock" -U postgres -d bench \
      -c 'CREATE TABLE map (key text PRIMARY KEY, value text NOT NULL)' \
      -c "\\copy map FROM '$pgr/map.tsv'" -c 'ANALYZE map'; } || { pg_stop; return 1; }
  pg_stop || return 1
  printf 'hosts = unix:%s\nuser = postgres\ndbname = bench\n' "$pgr/sock" >pgsql.cf
  printf "query = SELECT value FROM map WHERE key = '%%s'\n" >>pgsql.cf
}

# pgsql NAME ENTRIES QUERIES: postmap -q - pgsql:cf against a private
# PostgreSQL server holding ENTRIES rows; QUERIES keys, half misses.
pgsql() {
  bench_reset_fields "$@"
  k_n=$(size "$2") k_q=$(size "$3")
  # A cached data dir whose cluster was removed with /tmp is set up again.
  k_d="$CACHE/data/$MODE/$1"
  if [ -f "$k_d/pgroot" ] && [ ! -d "$(cat "$k_d/pgroot")/pg" ]; then rm -f "$k_d/.stamp"; fi
  B_NAME=$1 B_SIZE="$k_q keys, $k_n rows" B_NEEDS=postmap
  B_SETUP='conf_dir "$MAP_MAIN_CF" && pg_setup "$(gen_file map $k_n)" &&
    cp "$(gen_file mapq $k_q $k_n)" queries'
  B_START=pg_start B_STOP=pg_stop
  B_STDIN='$D/queries'
  B_CMD='postmap -c "$D/conf" -q - pgsql:"$D/pgsql.cf"'
  bench_run
}
