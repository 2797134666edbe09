# Verbs that only read: status, config get, logs, diag. No lock: every file they read
# is replaced by rename, so they see a whole old or a whole new value.
# Each value is checked against the shape the protocol allows before it is printed, so a
# damaged state file yields a default, never an answer the console must reject.

ISO_GLOB='[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'
TRANSFER_CODES=' MIS_UNREACHABLE MIS_VERSION_UNSUPPORTED AUTH_EXPIRED CERT_EXPIRED ENDPOINT_UNREACHABLE ENDPOINT_REJECTED DISK_FULL CLOCK_SKEW TIMEOUT AGENT_OUTDATED UNKNOWN '

iso_or_null() {
  case $1 in $ISO_GLOB) printf '"%s"' "$1" ;; *) printf null ;; esac
}

# Config problems stop every verb that depends on it, with the code that says why.
require_config() {
  [ -f "$CONFIG" ] || answer_error E_NOT_INSTALLED "no agent configuration at $CONFIG (run install.sh)"
  _check=$(config_check "$CONFIG")
  case $_check in ok*) ;; *) answer_error E_INTERNAL "the configuration on this host is damaged: ${_check#*"$TAB"}" ;; esac
}

dataset_json() {
  _dd=$DS_DIR/$1
  _res=$(read_value "$_dd/result" never)
  case $_res in ok | failed | running | never) ;; *) _res=never ;; esac
  _code=$(read_value "$_dd/errorCode")
  case $TRANSFER_CODES in *" $_code "*) _code="\"$_code\"" ;; *) [ -n "$_code" ] && _code='"UNKNOWN"' || _code=null ;; esac
  _n=$(count_or_zero "$(read_value "$_dd/recordsSent" 0)")
  printf '{"lastSuccess":%s,"lastAttempt":%s,"result":"%s","errorCode":%s,"errorMessage":%s,"recordsSent":%s,"runningSince":%s}' \
    "$(iso_or_null "$(read_value "$_dd/lastSuccess")")" "$(iso_or_null "$(read_value "$_dd/lastAttempt")")" "$_res" "$_code" \
    "$(json_str_or_null "$(read_value "$_dd/errorMessage")")" "$_n" "$(iso_or_null "$(read_value "$_dd/runningSince")")"
}

# "ok" or a problem, as {"reachable":…,"error":…}
health_json() {
  _h=$(read_value "$RUN/health.$1" 'not checked yet: the service has not run with this configuration')
  [ "$_h" = ok ] && printf '"reachable":true,"error":null' || printf '"reachable":false,"error":%s' "$(json_str "$_h" 500)"
}

# "FREE_MB TOTAL_MB" of the filesystem holding the data dir.
disk_mb() { df -Pk "$HOME_DIR" 2>/dev/null | cawk 'NR == 2 { printf "%d %d", $4 / 1024, $2 / 1024; exit }'; }

verb_status() {
  require_config
  _state=$(svc_state)
  _since=$(svc_since "$_state")
  case $_since in $ISO_GLOB) ;; *) _since=$(now_iso) ;; esac
  _ds=
  for _d in $DATASETS; do _ds="$_ds,\"$_d\":$(dataset_json "$_d")"; done
  set -- $(backlog_summary)
  _pending=${1:-0}
  _oldest=$(iso_or_null "${2-}")
  set -- $(disk_mb)
  answer_ok "$(printf '{"agent":{"name":"%s","version":"%s"},"b2b":{"product":%s,"version":%s},"service":{"state":"%s","since":"%s","restarts24h":%s},"datasets":{%s},"backlog":{"pending":%s,"oldest":%s},"mis":{"product":"%s","version":%s,%s},"endpoint":{"url":"%s",%s},"credentials":{"expires":%s,"certificateExpires":%s},"config":{"hash":"%s","appliedAt":"%s"},"host":{"hostname":%s,"clock":"%s","diskFreeMb":%s,"diskTotalMb":%s}}' \
    "$AGENT_NAME" "$AGENT_VERSION" "$(json_str "$(read_value "$WORLD/b2b-product" 'B2B stand-in')" 80)" "$(json_str "$(read_value "$WORLD/b2b-version" 1.0.0)" 40)" \
    "$_state" "$_since" "$(count_since "$RUN/restarts" 86400)" "${_ds#,}" "$_pending" "$_oldest" \
    "$(config_get .mis.product)" "$(json_str "$(read_value "$WORLD/mis-version" unknown)" 40)" "$(health_json mis)" \
    "$(config_get .endpointUrl)" "$(health_json endpoint)" \
    "$(iso_or_null "$(read_value "$WORLD/credentials-expires")")" "$(iso_or_null "$(read_value "$WORLD/certificate-expires")")" \
    "$(sha256_of "$CONFIG")" "$(applied_at)" "$(json_str "$(uname -n)" 253)" "$(now_iso)" "${1:-0}" "${2:-0}")"
}

applied_at() {
  _a=$(read_value "$HOME_DIR/config.applied-at")
  case $_a in $ISO_GLOB) printf '%s' "$_a" ;; *) now_iso ;; esac
}

verb_config_get() {
  require_config
  # The file passed the schema check, so it can be placed in the answer as it is.
  answer_ok "{\"hash\":\"$(sha256_of "$CONFIG")\",\"config\":$(cat "$CONFIG")}"
}

verb_logs() {
  _n=$1
  answer_ok "$({ [ -f "$LOG.1" ] && tail -n "$_n" "$LOG.1"; [ -f "$LOG" ] && tail -n "$_n" "$LOG"; } |
    tail -n "$_n" | cawk -F '\t' -v budget="$MAX_LOG_ANSWER_BYTES" -f "$AGENT_LIB/json.awk" -f "$AGENT_LIB/logs.awk")"
}

# One check as JSON: name, 1|0, detail.
check_json() { printf '{"name":"%s","ok":%s,"detail":%s}' "$1" "$(json_bool "$2")" "$(json_str "$3" 500)"; }

verb_diag() {
  _c=
  if [ ! -f "$CONFIG" ]; then _c="$_c,$(check_json config 0 "no configuration at $CONFIG")"
  else
    _check=$(config_check "$CONFIG")
    case $_check in
      ok*) _c="$_c,$(check_json config 1 "$(sha256_of "$CONFIG") is valid (${_check#ok })")" ;;
      *) _c="$_c,$(check_json config 0 "${_check#*"$TAB"}")" ;;
    esac
  fi
  _state=$(svc_state)
  [ "$_state" = running ] && _ok=1 || _ok=0
  _c="$_c,$(check_json service "$_ok" "service is $_state since $(svc_since "$_state")")"
  for _h in mis endpoint; do
    _v=$(read_value "$RUN/health.$_h" 'not checked yet')
    [ "$_v" = ok ] && _c="$_c,$(check_json "$_h" 1 reachable)" || _c="$_c,$(check_json "$_h" 0 "$_v")"
  done
  mkdir -p "$TMP" 2>/dev/null
  if : > "$TMP/diag.$$" 2>/dev/null; then rm -f "$TMP/diag.$$"; _c="$_c,$(check_json data-dir 1 "$HOME_DIR is writable")"
  else _c="$_c,$(check_json data-dir 0 "cannot write to $HOME_DIR")"; fi
  set -- $(disk_mb)
  [ "${1:-0}" -ge 100 ] && _ok=1 || _ok=0
  _c="$_c,$(check_json disk "$_ok" "${1:-0} MB free of ${2:-0} MB")"
  _now=$(now_iso)
  # Skew needs a reference clock this host cannot trust; this only catches a reset clock.
  iso_before 2024-01-01T00:00:00Z "$_now" && _ok=1 || _ok=0
  _c="$_c,$(check_json clock "$_ok" "UTC clock reads $_now")"
  _x=$(read_value "$WORLD/credentials-expires")
  if [ -z "$_x" ] || iso_before "$_now" "$_x"; then _c="$_c,$(check_json credentials 1 "expire ${_x:-never}")"
  else _c="$_c,$(check_json credentials 0 "expired at $_x")"; fi
  _holder=$(read_value "$LOCK/pid")
  [ -z "$_holder" ] && _c="$_c,$(check_json lock 1 'free')" || _c="$_c,$(check_json lock 1 "held by pid $_holder")"
  [ -f "$BACKUP" ] && _c="$_c,$(check_json backup 1 "rollback would restore $(sha256_of "$BACKUP")")" || _c="$_c,$(check_json backup 1 'no backup yet')"
  answer_ok "{\"checks\":[${_c#,}]}"
}
