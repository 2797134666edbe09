# Protocol 1.1 `auth` verbs: this account's own authorized_keys (the file sshd reads for
# the console's logins). Keys are read and fingerprinted with ssh-keygen; the file is
# replaced whole (temp file beside it, same mode, then rename), never edited in place.
# The agent never locks the console out: it refuses to remove the key this session logged
# in with (or any key when it cannot tell which that was) and refuses to remove the last key.

KEY_TYPES=' ssh-ed25519 ecdsa-sha2-nistp256 ecdsa-sha2-nistp384 ecdsa-sha2-nistp521 ssh-rsa '
MIN_RSA_BITS=3072
MAX_KEY_BASE64=2048

require_keygen() {
  command -v ssh-keygen >/dev/null 2>&1 || answer_error E_NOT_INSTALLED 'the auth verbs need ssh-keygen (OpenSSH) on this host'
}

is_fingerprint() {
  case $1 in SHA256:*) ;; *) return 1 ;; esac
  _b=${1#SHA256:}
  [ "${#_b}" -eq 43 ] || return 1
  case $_b in *[!A-Za-z0-9+/]*) return 1 ;; esac
}

# Paths placed inside a forced command (which sshd hands to a shell) must be plain words.
is_plain_path() {
  case $1 in /*) ;; *) return 1 ;; esac
  case $1 in *[!A-Za-z0-9/._-]*) return 1 ;; esac
}

# "LINE<TAB>TYPE<TAB>BASE64<TAB>COMMENT" for each key line; options before the type are skipped.
auth_key_lines() {
  [ -f "$AUTH_KEYS" ] || return 0
  cawk -v OFS='\t' '
    /^[ \t]*(#|$)/ { next }
    {
      for (i = 1; i < NF; i++) {
        if ($i ~ /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9@.-]+)$/ && $(i + 1) ~ /^AAAA[A-Za-z0-9+\/]*=*$/) {
          c = ""
          for (j = i + 2; j <= NF; j++) c = c (c == "" ? "" : " ") $j
          print NR, $i, $(i + 1), c
          next
        }
      }
    }' "$AUTH_KEYS"
}

# "BITS FINGERPRINT KIND" of TYPE BASE64 as ssh-keygen reads it; fails when it cannot.
key_info() {
  mkdir -p "$TMP" 2>/dev/null
  _kf=$TMP/key.$$.pub
  printf '%s %s\n' "$1" "$2" > "$_kf" 2>/dev/null || return 1
  _ki=$(ssh-keygen -l -E sha256 -f "$_kf" 2>/dev/null)
  _rc=$?
  rm -f "$_kf"
  [ "$_rc" -eq 0 ] || return 1
  # "256 SHA256:… comment (ED25519)": the kind is the last word.
  set -- $_ki
  _bits=$1
  _fp=$2
  shift $(($# - 1))
  printf '%s %s %s' "$_bits" "$_fp" "$1"
}

# The key this session logged in with: the forced command's --key, else ExposeAuthInfo's file.
session_fingerprint() {
  if [ -n "$SESSION_KEY" ]; then printf '%s' "$SESSION_KEY"; return 0; fi
  [ -n "${SSH_USER_AUTH-}" ] && [ -f "$SSH_USER_AUTH" ] || return 1
  set -- $(head -n 1 "$SSH_USER_AUTH")
  [ "${1-}" = publickey ] && [ $# -ge 3 ] || return 1
  _si=$(key_info "$2" "$3") || return 1
  set -- $_si
  is_fingerprint "${2-}" && printf '%s' "$2"
}

# Writes LINES<TAB>FINGERPRINT for every key to KEYS_LIST (a temp file) and counts them in KEY_COUNT.
list_keys() {
  mkdir -p "$TMP" 2>/dev/null
  KEYS_LIST=$TMP/keys.$$
  : > "$KEYS_LIST" || answer_error E_DISK_FULL "could not write under $TMP"
  KEY_COUNT=0
  KEYS_JSON=
  auth_key_lines > "$KEYS_LIST.raw"
  while IFS=$TAB read -r _n _t _b _c; do
    _info=$(key_info "$_t" "$_b") || continue
    set -- $_info
    printf '%s\t%s\n' "$_n" "$2" >> "$KEYS_LIST"
    KEY_COUNT=$((KEY_COUNT + 1))
    KEYS_JSON="$KEYS_JSON,{\"type\":\"$_t\",\"fingerprint\":\"$2\",\"comment\":$(json_str "$_c" 200)}"
  done < "$KEYS_LIST.raw"
  rm -f "$KEYS_LIST.raw"
}

verb_auth_list() {
  require_keygen
  list_keys
  _s=$(session_fingerprint) && _s="\"$_s\"" || _s=null
  answer_ok "{\"keys\":[${KEYS_JSON#,}],\"session\":$_s}"
}

verb_auth_add_key() {
  require_keygen
  case $KEY_TYPES in *" $1 "*) ;; *) answer_error E_KEY_REFUSED "key type must be one of$KEY_TYPES" ;; esac
  [ "${#2}" -le "$MAX_KEY_BASE64" ] || answer_error E_KEY_REFUSED "a key is at most $MAX_KEY_BASE64 base64 characters"
  _body=${2%=}
  _body=${_body%=}
  case $_body in '' | *[!A-Za-z0-9+/]*) answer_error E_KEY_REFUSED 'a key is base64 characters only' ;; esac
  _info=$(key_info "$1" "$2") || answer_error E_KEY_REFUSED 'not a public key ssh-keygen can read'
  set -- "$1" "$2" $_info
  case $1:$5 in
    ssh-ed25519:'(ED25519)' | ecdsa-sha2-*:'(ECDSA)' | ssh-rsa:'(RSA)') ;;
    *) answer_error E_KEY_REFUSED "the key blob is $5, not $1" ;;
  esac
  [ "$1" != ssh-rsa ] || [ "$3" -ge "$MIN_RSA_BITS" ] || answer_error E_KEY_REFUSED "an RSA key needs at least $MIN_RSA_BITS bits, this one has $3"
  _fp=$4
  is_plain_path "$AUTH_KEYS" && is_plain_path "$HOME_DIR" && is_plain_path "$AGENT_DIR" ||
    answer_error E_INTERNAL 'the agent and key paths must be plain (letters, digits, / . _ -) to be written into a forced command'
  lock_take
  list_keys
  if grep -q "$TAB$_fp\$" "$KEYS_LIST"; then
    answer_ok "{\"fingerprint\":\"$_fp\",\"added\":false,\"keys\":$KEY_COUNT}"
  fi
  # The new key gets the same forced command, naming itself so a later remove-key knows the session's key.
  _line="command=\"$AGENT_DIR/b2b-agent --home $HOME_DIR --keys $AUTH_KEYS --key $_fp --ssh\",restrict $1 $2 b2b-console-$(now_iso)"
  _tmp=$AUTH_KEYS.tmp.$$
  INCOMING=$_tmp
  if [ -f "$AUTH_KEYS" ]; then cp -p "$AUTH_KEYS" "$_tmp" 2>/dev/null || answer_error E_DISK_FULL "could not copy $AUTH_KEYS"
  else (umask 077 && : > "$_tmp") 2>/dev/null || answer_error E_DISK_FULL "could not write beside $AUTH_KEYS"; fi
  # A file whose last line has no newline would have the new key glued to it.
  [ ! -s "$_tmp" ] || [ -z "$(tail -c 1 "$_tmp")" ] || printf '\n' >> "$_tmp"
  printf '%s\n' "$_line" >> "$_tmp" && mv -f "$_tmp" "$AUTH_KEYS" 2>/dev/null || answer_error E_DISK_FULL "could not replace $AUTH_KEYS"
  log_line info "Console key $_fp added to $AUTH_KEYS"
  answer_ok "{\"fingerprint\":\"$_fp\",\"added\":true,\"keys\":$((KEY_COUNT + 1))}"
}

verb_auth_remove_key() {
  require_keygen
  lock_take
  list_keys
  _drop=$(cawk -F '\t' -v fp="$1" '$2 == fp { printf ",%s", $1 }' "$KEYS_LIST")
  [ -n "$_drop" ] || answer_ok "{\"fingerprint\":\"$1\",\"removed\":false,\"keys\":$KEY_COUNT}"
  _left=$(cawk -F '\t' -v fp="$1" '$2 != fp { n++ } END { print n + 0 }' "$KEYS_LIST")
  [ "$_left" -gt 0 ] || answer_error E_LAST_KEY 'that is the only key left; add another first'
  _s=$(session_fingerprint) || answer_error E_KEY_IN_USE 'cannot tell which key this session logged in with, so no key is removed'
  [ "$_s" != "$1" ] || answer_error E_KEY_IN_USE 'this session logged in with that key; log in with another key to remove it'
  _tmp=$AUTH_KEYS.tmp.$$
  INCOMING=$_tmp
  # cp -p first so the new file has the old one's mode; then its content is replaced.
  cp -p "$AUTH_KEYS" "$_tmp" 2>/dev/null &&
    cawk -v drop="$_drop," 'index(drop, "," NR ",") == 0' "$AUTH_KEYS" > "$_tmp" &&
    mv -f "$_tmp" "$AUTH_KEYS" 2>/dev/null || answer_error E_DISK_FULL "could not replace $AUTH_KEYS"
  log_line info "Console key $1 removed from $AUTH_KEYS"
  answer_ok "{\"fingerprint\":\"$1\",\"removed\":true,\"keys\":$_left}"
}
