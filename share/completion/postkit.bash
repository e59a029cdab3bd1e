# postkit.bash: bash completion for postkit's postconf, postmap, postalias
# and postlint (installed as share/bash-completion/completions/<command>).
#
# postconf completes its flags, the arguments of -c -C -o -T, parameter
# names (from postkit's parameter table, share/postkit/parameters.tsv, or
# else from `postconf -dH`) and, with -M/-F/-P, master.cf service names.
# postmap and postalias complete their flags and "type:" prefixes from
# `postconf -m`, then file names.

# The directory given with -c on the current command line, if any.
_postkit_config_dir() {
  local i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -c) echo "${COMP_WORDS[i + 1]}"; return ;;
      -*c) [[ ${COMP_WORDS[i]} != --* ]] && { echo "${COMP_WORDS[i + 1]}"; return; } ;;
    esac
  done
}

# Every parameter name, computed once per shell.
_postkit_param_names() {
  if [[ -z ${_postkit_params-} ]]; then
    local f dir
    dir=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
    for f in "${POSTKIT_PARAMETERS-}" "$dir/../../postkit/parameters.tsv" \
             "$dir/../parameters.tsv" /usr/local/share/postkit/parameters.tsv \
             /usr/share/postkit/parameters.tsv; do
      if [[ -n $f && -r $f ]]; then
        _postkit_params=$(awk -F '\t' '!/^#/ && NF { print $1 }' "$f")
        break
      fi
    done
    [[ -n ${_postkit_params-} ]] || _postkit_params=$(postconf -dH 2>/dev/null)
  fi
  printf '%s\n' "$_postkit_params"
}

# "service/type" of every master.cf service of the configuration in use.
_postkit_services() {
  local dir
  dir=$(_postkit_config_dir)
  postconf ${dir:+-c "$dir"} -M 2>/dev/null | awk '{ print $1 "/" $2 }'
}

# "type:" for every lookup table type `postconf -m` knows (it needs a
# readable main.cf; without one, the common types of Postfix 3.7).
_postkit_map_types() {
  local dir types
  dir=$(_postkit_config_dir)
  types=$(postconf ${dir:+-c "$dir"} -m 2>/dev/null)
  [[ -n $types ]] || types="btree cdb cidr environ fail hash inline lmdb pcre pipemap
    proxy randmap regexp socketmap static tcp texthash unionmap unix"
  printf "%s:\n" $types
}

# Whether one of the given flag letters appears on the command line so far.
_postkit_has_flag() {
  local i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    [[ $w == -* && $w != --* && $w == *[$1]* ]] && return 0
  done
  return 1
}

_postkit_postconf() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  COMPREPLY=()
  case $prev in
    -c) compopt -o filenames; COMPREPLY=($(compgen -d -- "$cur")); return ;;
    -C) COMPREPLY=($(compgen -W "builtin service user all" -- "$cur")); return ;;
    -T) COMPREPLY=($(compgen -W "compile-version run-version public-key-algorithms" -- "$cur")); return ;;
    -o) compopt -o nospace; COMPREPLY=($(compgen -W "$(_postkit_param_names | sed 's/$/=/')" -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "-a -A -b -c -C -d -e -f -F -h -H -l -m -M -n -o -p -P -t -T -v -x -X -#" -- "$cur"))
    return
  fi
  if _postkit_has_flag bt; then
    compopt -o filenames; COMPREPLY=($(compgen -f -- "$cur")); return
  fi
  if _postkit_has_flag MFP; then
    COMPREPLY=($(compgen -W "$(_postkit_services)" -- "$cur")); return
  fi
  if _postkit_has_flag e; then
    compopt -o nospace
    COMPREPLY=($(compgen -W "$(_postkit_param_names | sed 's/$/=/')" -- "$cur")); return
  fi
  COMPREPLY=($(compgen -W "$(_postkit_param_names)" -- "$cur"))
}

# postmap and postalias: flags, then [type:]file.
_postkit_mapcmd() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} flags=$1
  COMPREPLY=()
  case $prev in
    -c) compopt -o filenames; COMPREPLY=($(compgen -d -- "$cur")); return ;;
    -d | -q) return ;;  # a key: nothing to offer
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    return
  fi
  if [[ $cur == *:* ]]; then
    # type:file: complete the file part after the type.
    local type=${cur%%:*} file=${cur#*:}
    compopt -o filenames
    COMPREPLY=($(compgen -f -- "$file"))
    COMPREPLY=("${COMPREPLY[@]/#/$type:}")
    return
  fi
  compopt -o filenames
  COMPREPLY=($(compgen -W "$(_postkit_map_types)" -- "$cur") $(compgen -f -- "$cur"))
  [[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == *: ]] && compopt -o nospace
}

_postkit_postmap() {
  _postkit_mapcmd "-b -c -d -f -F -h -i -m -n -N -o -p -q -r -s -u -U -v -w"
}

_postkit_postalias() {
  _postkit_mapcmd "-c -d -f -i -n -N -o -p -q -r -s -u -v -w"
}

_postkit_postlint() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
  COMPREPLY=()
  case $prev in
    -c) compopt -o filenames; COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "text json sarif github" -- "$cur")); return ;;
  esac
  COMPREPLY=($(compgen -W "-c --format --fail-on --help" -- "$cur"))
}

complete -F _postkit_postconf postconf
complete -F _postkit_postmap postmap
complete -F _postkit_postalias postalias
complete -F _postkit_postlint postlint
