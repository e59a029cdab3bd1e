#!/bin/sh
# deb_test.sh BUILD_DIR SOURCE_DIR: the Debian package, end to end, on this
# machine. Builds postkit_*.deb with dpkg-buildpackage from the tree already
# built in BUILD_DIR (debian/rules with POSTKIT_PREBUILT: no second
# compilation), installs it with apt-get beside Debian's postfix, runs the
# installed commands on the example configuration against Postfix's, switches
# postmap to postkit and back with postkit-select, switches newaliases and
# purges the package without switching back, and checks that Postfix's files
# (/usr/sbin/post*, /usr/bin/newaliases, their man pages and completions) are
# byte for byte as before and no diversion is left. Whatever happens, the trap
# switches everything back and purges the package.
#
# Registered RUN_SERIAL (tests/package.cmake): while postmap is switched,
# /usr/sbin/postmap is postkit's, and other tests use it as the reference.
# Exit 77 (skipped): not root, no debhelper, a sanitizer build, or a postkit
# package that was installed before (an administrator's: not touched).
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)

skip() {
  echo "deb_test: skipped: $*"
  exit 77
}
[ "$(id -u)" = 0 ] || skip "needs root (apt-get, dpkg-divert)"
command -v dpkg-buildpackage > /dev/null || skip "dpkg-dev is not installed"
command -v dh > /dev/null || skip "debhelper is not installed"
grep -q '^POSTKIT_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" && skip "sanitizer build"
if dpkg-query -W -f='${Status}' postkit 2> /dev/null | grep -q 'ok installed'; then
  skip "a postkit package is installed already"
fi

tmp=$(mktemp -d)
lib=/usr/lib/postkit
apt_opts="-y -q -o DPkg::Lock::Timeout=300"
export DEBIAN_FRONTEND=noninteractive

cleanup() {
  rc=$?
  if dpkg-query -W -f='${Status}' postkit 2> /dev/null | grep -q installed; then
    echo "deb_test: cleaning up: switching back and purging postkit"
    postkit-select all postfix > /dev/null 2>&1 || true
    apt-get purge $apt_opts postkit > /dev/null 2>&1 || dpkg --purge postkit || true
  fi
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
  echo "deb_test: FAIL: $*" >&2
  exit 1
}

# Postfix's files that the package must leave as they were: checksums (the
# target of a symbolic link) and postkit's diversions. With a list file, of
# the paths in it only; without, of every path that exists now.
postfix_paths() {
  for f in /usr/sbin/post* /usr/bin/newaliases /usr/share/man/man1/post*.1.gz \
           /usr/share/man/man1/newaliases.1.gz /usr/share/bash-completion/completions/post*; do
    if [ -L "$f" ] || [ -f "$f" ]; then echo "$f"; fi
  done
}
snapshot() {
  if [ $# = 1 ]; then cat "$1"; else postfix_paths; fi | while read -r f; do
    if [ -L "$f" ]; then
      echo "$f -> $(readlink "$f")"
    elif [ -f "$f" ]; then
      sha256sum "$f"
    else
      echo "$f missing"
    fi
  done
  dpkg-divert --list | grep 'by postkit$' || true
}
postfix_paths > "$tmp/paths"
snapshot > "$tmp/before"
echo "deb_test: $(wc -l < "$tmp/paths") Postfix files checked"

# 1. Build the package from the built tree.
mkdir "$tmp/src"
cp -r "$src/debian" "$tmp/src/"
start=$(date +%s)
(cd "$tmp/src" && POSTKIT_PREBUILT="$build" DEB_BUILD_OPTIONS=noautodbgsym \
  dpkg-buildpackage -b -us -uc) > "$tmp/build.log" 2>&1 || {
  tail -n 30 "$tmp/build.log"
  fail "dpkg-buildpackage failed"
}
deb=$(ls "$tmp"/postkit_*.deb)
echo "deb_test: built $(basename "$deb") in $(($(date +%s) - start)) s"

# 2. Install beside Postfix: nothing of Postfix's changes.
apt-get install $apt_opts "$deb" > "$tmp/install.log" 2>&1 || {
  cat "$tmp/install.log"
  fail "apt-get install failed"
}
snapshot "$tmp/paths" > "$tmp/installed"
diff "$tmp/before" "$tmp/installed" || fail "installing changed Postfix's files"
for c in postconf postmap postalias newaliases; do
  [ "$(postkit-select "$c")" = "$c postfix" ] || fail "$c is not Postfix's after installation"
done
[ -r "$lib/share/postkit/parameters.tsv" ] || fail "the commands' data directory is not reachable"

# 3. The installed commands on the example configuration, against Postfix's.
cfg=$tmp/cfg
mkdir "$cfg"
cp "$src/share/examples/main.cf" "$src/share/examples/master.cf" \
   "$src/share/examples/access" "$src/share/examples/aliases" "$cfg/"
touch -d '-1 min' "$cfg"/*
"$lib/sbin/postconf" -c "$cfg" -n > "$tmp/n.postkit"
[ -s "$tmp/n.postkit" ] || fail "postconf -n printed nothing"
if [ -x /usr/sbin/postconf ]; then
  /usr/sbin/postconf -c "$cfg" -n > "$tmp/n.postfix"
  cmp "$tmp/n.postkit" "$tmp/n.postfix" || fail "installed postconf -n differs from Postfix's"
fi
"$lib/sbin/postmap" -c "$cfg" "hash:$cfg/access"
key=$(awk '!/^#/ && NF { print $1; exit }' "$cfg/access")
want=$(awk -v k="$key" '$1 == k { $1 = ""; sub(/^ +/, ""); print; exit }' "$cfg/access")
[ "$("$lib/sbin/postmap" -c "$cfg" -q "$key" "hash:$cfg/access")" = "$want" ] ||
  fail "installed postmap -q $key"
"$lib/sbin/postalias" -c "$cfg" "hash:$cfg/aliases"
[ -n "$("$lib/sbin/postalias" -c "$cfg" -q postmaster "hash:$cfg/aliases")" ] ||
  fail "installed postalias -q postmaster"

# 4. postmap to postkit and back; the switched window is kept short.
postkit-select postmap postkit > /dev/null
got=$(/usr/sbin/postmap -c "$cfg" -q "$key" "hash:$cfg/access" || true)
target=$(readlink /usr/sbin/postmap || true)
man=$(readlink /usr/share/man/man1/postmap.1.gz || true)
if [ -e /usr/sbin/postmap.postfix ]; then
  ref=$(/usr/sbin/postmap.postfix -c "$cfg" -q "$key" "hash:$cfg/access" || true)
else
  ref=$want
fi
postkit-select postmap postfix > /dev/null
[ "$target" = "$lib/sbin/postmap" ] || fail "switched /usr/sbin/postmap -> '$target'"
[ "$man" = "$lib/share/man/man1/postmap.1.gz" ] || fail "switched postmap.1.gz -> '$man'"
[ "$got" = "$want" ] || fail "switched postmap -q: '$got', want '$want'"
[ "$ref" = "$want" ] || fail "Postfix's postmap.postfix reading postkit's map: '$ref'"
snapshot "$tmp/paths" > "$tmp/switched_back"
diff "$tmp/before" "$tmp/switched_back" || fail "switching back did not restore Postfix's files"

# 5. Purge while newaliases is postkit's: the package gives it back.
postkit-select newaliases postkit > /dev/null
[ "$(readlink /usr/bin/newaliases)" = "$lib/bin/newaliases" ] || fail "newaliases not switched"
apt-get purge $apt_opts postkit > "$tmp/purge.log" 2>&1 || {
  cat "$tmp/purge.log"
  fail "apt-get purge failed"
}
snapshot > "$tmp/after"
diff "$tmp/before" "$tmp/after" || fail "purging did not restore Postfix's files"
[ ! -e "$lib" ] || fail "$lib is left after purge"
echo "deb_test: ok (install, postkit-select postmap/newaliases, purge; Postfix's files unchanged)"
