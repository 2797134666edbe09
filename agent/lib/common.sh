# Shared by b2b-agent and b2b-service: paths, time, files, JSON output, the lock.
# Values read from files are only ever compared, counted or JSON-escaped; nothing
# read from data is evaluated as shell.

PROTOCOL_VERSION=1.1
AGENT_NAME=b2b-agent-sh
AGENT_VERSION=1.1.0
DATASETS='pupils attendance exclusions assessment'
MAX_CONFIG_BYTES=65536
MAX_LOG_LINES=1000
# Room for the envelope and the last line under the console's 256 KiB cap.
MAX_LOG_ANSWER_BYTES=240000
LOG_ROTATE_BYTES=1048576

# Layout under the data dir (see agent/README.md).
set_paths() {
  HOME_DIR=$1
  CONFIG=$HOME_DIR/config.json
  BACKUP=$HOME_DIR/config.json.bak
  RUN=$HOME_DIR/run
  DS_DIR=$HOME_DIR/datasets
  QUEUE=$HOME_DIR/queue
  WORLD=$HOME_DIR/world
  LOG=$HOME_DIR/log/service.log
  TMP=$HOME_DIR/tmp
  LOCK=$HOME_DIR/lock
}

TAB=$(printf '\t')

now_iso() { date -u +%Y-%m-%dT%H:%M:%SZ; }
# UTC ISO times in one format compare as strings; expr keeps it POSIX ("x" forces text).
iso_before() { LC_ALL=C expr "x$1" \< "x$2" >/dev/null; }
now_epoch() { date +%s; }
# Fractional sleep where the platform has it (GNU, BusyBox), whole seconds elsewhere.
nap() { sleep 0.1 2>/dev/null || sleep 1; }

# First line of FILE, or DEFAULT when it is missing or empty.
read_value() {
  _v=
  [ -f "$1" ] && IFS= read -r _v < "$1"
  [ -n "$_v" ] && printf '%s' "$_v" || printf '%s' "${2-}"
}

# Writes VALUE to FILE through a temp file and rename, so readers see old or new, never half.
write_value() {
  _t="$1.tmp.$$"
  printf '%s\n' "$2" > "$_t" 2>/dev/null && mv -f "$_t" "$1" 2>/dev/null && return 0
  rm -f "$_t" 2>/dev/null
  return 1
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then set -- $(sha256sum < "$1")
  else set -- $(shasum -a 256 < "$1"); fi
  printf 'sha256:%s' "$1"
}

# awk in byte mode: lengths and comparisons must not depend on the locale.
cawk() { LC_ALL=C awk "$@"; }

# "ok canonical", "ok not-canonical" or "error<TAB>problems"; fails unless ok.
config_check() {
  _r=$(cawk -v mode=check -f "$AGENT_LIB/config.awk" "$1") || { printf '%s' "$_r"; return 1; }
  # Canonical JSON ends with exactly one newline; awk cannot see the last one.
  [ "$_r" = 'ok canonical' ] && [ -n "$(tail -c 1 "$1")" ] && _r='ok not-canonical'
  printf '%s' "$_r"
}

# The raw JSON token at PATH in the config (strings keep their escapes).
config_get() { cawk -v mode=get -v path="$1" -f "$AGENT_LIB/config.awk" "${2:-$CONFIG}"; }

# Whether the config sends DATASET: listed in enabled (protocol 1.1), or enabled is absent.
dataset_enabled() {
  _en=$(config_get .enabled) || return 0
  case $_en in *"\"$1\""*) return 0 ;; *) return 1 ;; esac
}

# Appends one log line: ISO time, level, message (tabs and newlines flattened).
log_line() {
  _msg=$(printf '%s' "$2" | tr '\t\n' '  ')
  mkdir -p "${LOG%/*}" 2>/dev/null
  printf '%s\t%s\t%s\n' "$(now_iso)" "$1" "$_msg" >> "$LOG" 2>/dev/null
}

# A count from a file: digits only, no leading zeros (sh would read them as octal).
count_or_zero() {
  case $1 in '' | *[!0-9]*) printf 0 ;; *) _z=${1#"${1%%[!0]*}"}; printf '%s' "${_z:-0}" ;; esac
}

# ---- the stand-in's world: records a full resync sends, and the queue ---------

full_records() {
  case $1 in pupils) _r=1200 ;; attendance) _r=5400 ;; exclusions) _r=40 ;; *) _r=3600 ;; esac
  count_or_zero "$(read_value "$WORLD/records-$1" "$_r")"
}

# "PENDING_RECORDS OLDEST_ISO" over queued resyncs (queue/<dataset> holds "ISO<TAB>records").
backlog_summary() {
  for _q in $DATASETS; do [ -f "$QUEUE/$_q" ] && cat "$QUEUE/$_q"; done |
    cawk -F '\t' '{ s += $2; if (o == "" || $1 < o) o = $1 } END { printf "%d %s", s, o }'
}

# ---- JSON output --------------------------------------------------------------

# json_str VALUE [MAX_BYTES]: VALUE as a JSON string literal. Plain text skips the awk process.
json_str() {
  case $1 in
    *[\"\\]* | *[[:cntrl:]]*) ;;
    *) if [ "${2:-0}" -eq 0 ] || [ "${#1}" -le "$2" ]; then printf '"%s"' "$1"; return; fi ;;
  esac
  printf '%s' "$1" | cawk -v max="${2:-0}" -f "$AGENT_LIB/json.awk" -f "$AGENT_LIB/json-escape.awk"
}

# A JSON string, or null for an empty value.
json_str_or_null() { [ -n "$1" ] && json_str "$1" || printf 'null'; }

json_bool() { [ "$1" = 1 ] && printf true || printf false; }

answer_ok() {
  printf '{"protocol":"%s","ok":true,"data":%s}\n' "$PROTOCOL_VERSION" "$1"
  exit 0
}

answer_error() {
  printf '{"protocol":"%s","ok":false,"error":{"code":"%s","message":%s}}\n' "$PROTOCOL_VERSION" "$1" "$(json_str "$2" 2000)"
  exit 1
}

usage_error() {
  answer_error E_USAGE "${1:+$1; }usage: b2b-agent status|restart|resync <dataset|all>|config get|config apply --expect <sha256:hash>|config rollback|logs --tail <1..$MAX_LOG_LINES>|diag|auth list|auth add-key <type> <base64>|auth remove-key <SHA256:fingerprint>"
}

# ---- the lock: one action at a time -------------------------------------------

# /proc sees every user's processes; kill -0 fails on another user's with EPERM.
pid_alive() {
  case $1 in '' | *[!0-9]*) return 1 ;; esac
  if [ -d /proc/self ]; then [ -d "/proc/$1" ]; else kill -0 "$1" 2>/dev/null; fi
}

# mkdir is atomic everywhere; the pid inside lets a later run clear a lock whose holder died.
lock_take() {
  _tries=0
  while ! mkdir "$LOCK" 2>/dev/null; do
    _tries=$((_tries + 1))
    [ "$_tries" -gt 30 ] && answer_error E_BUSY "another action is in progress (pid ${_holder:-unknown})"
    _holder=$(read_value "$LOCK/pid")
    # A holder that died, or a lock left without a pid (its holder died right after mkdir).
    # Best effort: two runs clearing the same stale lock at once is not guarded against.
    if { [ -n "$_holder" ] && ! pid_alive "$_holder"; } || { [ -z "$_holder" ] && [ "$_tries" -ge 10 ]; }; then
      rm -rf "$LOCK"
      continue
    fi
    nap
  done
  printf '%s\n' "$$" > "$LOCK/pid"
  LOCK_HELD=1
}

# Set as the EXIT trap by the entry script: drops the lock and any half-received config.
LOCK_HELD=0
INCOMING=
KEYS_LIST=
cleanup() {
  [ "$LOCK_HELD" = 1 ] && rm -rf "$LOCK"
  [ -n "$INCOMING" ] && rm -f "$INCOMING"
  [ -n "$KEYS_LIST" ] && rm -f "$KEYS_LIST" "$KEYS_LIST.raw"
  return 0
}
