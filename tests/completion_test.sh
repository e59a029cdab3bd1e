#!/bin/sh
# completion_test.sh BIN_DIR SOURCE_DIR: the shell completions of
# share/completion. bash: parameter names for postconf (and name= after -o),
# "type:" of the table types after postmap -q KEY and -s, file names after
# type:. zsh: _postkit is the completion of postconf, postmap, postalias,
# newaliases (ahead of zsh's own _postfix) and reads the same parameter names.
set -eu
bin=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/maps"
touch "$tmp/maps/access" "$tmp/maps/aliases"

PATH=$bin:$PATH POSTKIT_PARAMETERS=$src/share/parameters.tsv TMPMAPS=$tmp/maps \
  bash --norc --noprofile -c '
set -u
source "$1" 2> /dev/null
compopt() { :; }  # only valid inside a real completion
fails=0
# complete FUNCTION WORD...: COMPREPLY for the last word.
complete_words() {
  local f=$1
  shift
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  "$f"
}
expect() {  # expect WANT: WANT is among COMPREPLY
  local w
  for w in "${COMPREPLY[@]}"; do [[ $w == "$1" ]] && return 0; done
  echo "bash: want \"$1\" in: ${COMPREPLY[*]:0:8}" >&2
  fails=$((fails + 1))
}
complete_words _postkit_postconf postconf myhostn; expect myhostname
complete_words _postkit_postconf postconf -o inet_int; expect inet_interfaces=
complete_words _postkit_postconf postconf -c; expect -c
complete_words _postkit_postmap postmap -q foo lm; expect lmdb:
complete_words _postkit_postmap postmap -s cd; expect cdb:
complete_words _postkit_postalias postalias -q root ha; expect hash:
complete_words _postkit_postmap postmap "hash:$TMPMAPS/acc"; expect "hash:$TMPMAPS/access"
complete_words _postkit_postmap postmap -; expect -q
exit $fails
' sh "$src/share/completion/postkit.bash"
echo "completion_test: bash ok"

if ! command -v zsh > /dev/null; then
  echo "completion_test: zsh is not installed (.ci/packages)" >&2
  exit 1
fi
POSTKIT_PARAMETERS=$src/share/parameters.tsv zsh -f -c '
fpath=("$1" $fpath)
autoload -Uz compinit
compinit -u -d "$2/zcompdump"
for c in postconf postmap postalias newaliases; do
  [[ $_comps[$c] == _postkit ]] || { print -u2 "zsh: $c is completed by ${_comps[$c]:-nothing}"; exit 1; }
done
# The parameter names, through a stand-in for compadd.
compadd() { local a; for a; do :; done; print -rl -- ${(P)a}; }
autoload -Uz _postkit
source "$1/_postkit"
names=$(_postkit_param_names)
[[ $names == *myhostname* && $names == *inet_interfaces* ]] || { print -u2 "zsh: no parameter names"; exit 1; }
' zsh "$src/share/completion" "$tmp"
echo "completion_test: zsh ok"
