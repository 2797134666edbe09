# Verbs that change things: restart, resync, config apply, config rollback. Each holds
# the lock, so two consoles (or a console and a person) cannot interleave.

# How long a restarted service gets to load its config and probe, in tenths of a second.
VERIFY_TENTHS=100

require_service() {
  svc_installed || answer_error E_NOT_INSTALLED "the B2B service is not installed on this host ($SERVICE_BIN is missing)"
}

verb_restart() {
  require_service
  require_config
  lock_take
  _prev=$(svc_state)
  log_line info 'Service restart requested by the console'
  answer_ok "{\"previousState\":\"$_prev\",\"state\":\"$(svc_restart "$VERIFY_TENTHS")\"}"
}

verb_resync() {
  require_service
  require_config
  lock_take
  [ "$1" = all ] && _which=$DATASETS || _which=$1
  mkdir -p "$QUEUE" 2>/dev/null
  _queued=
  for _d in $_which; do
    # A dataset the config does not enable is never sent, not even by a resync; queued says so.
    if ! dataset_enabled "$_d"; then log_line warn "Full resync of $_d not queued: the configuration does not enable it"; continue; fi
    # Already queued means already covered: a second request does not double the work.
    if [ ! -f "$QUEUE/$_d" ]; then
      _r=$(full_records "$_d")
      write_value "$QUEUE/$_d" "$(now_iso)$TAB$_r" || answer_error E_DISK_FULL "could not queue $_d under $QUEUE"
      log_line info "Full resync of $_d queued ($_r records)"
    fi
    _queued="$_queued,\"$_d\""
  done
  set -- $(backlog_summary)
  answer_ok "{\"queued\":[${_queued#,}],\"backlog\":${1:-0}}"
}

# Reads the new config from stdin into INCOMING (a temp file), bounded by the size limit.
receive_config() {
  mkdir -p "$TMP" 2>/dev/null
  INCOMING=$TMP/incoming.$$.json
  head -c $((MAX_CONFIG_BYTES + 1)) > "$INCOMING" 2>/dev/null || answer_error E_DISK_FULL "could not write under $TMP"
}

# The received config must be canonical and pass the schema: its bytes are what get stored and hashed.
check_incoming() {
  _size=$(wc -c < "$INCOMING")
  [ "$_size" -gt "$MAX_CONFIG_BYTES" ] && answer_error E_INVALID_CONFIG "the config is larger than $MAX_CONFIG_BYTES bytes"
  [ "$(tr -d '\000' < "$INCOMING" | wc -c)" -eq "$_size" ] || answer_error E_INVALID_CONFIG 'the config contains NUL bytes'
  _check=$(config_check "$INCOMING")
  case $_check in
    'ok canonical') ;;
    ok*) answer_error E_INVALID_CONFIG 'the config must be canonical JSON: keys sorted, no spaces, one trailing newline' ;;
    *) answer_error E_INVALID_CONFIG "${_check#*"$TAB"}" ;;
  esac
}

# Copies FROM to TO through a temp file and rename.
copy_atomic() { cp "$1" "$2.tmp.$$" 2>/dev/null && mv -f "$2.tmp.$$" "$2" 2>/dev/null; }

# check NAME 1|0 DETAIL, appended to CHECKS; VERIFIED drops to 0 on any failure.
add_check() {
  CHECKS="$CHECKS,$(check_json "$1" "$2" "$3")"
  [ "$2" = 1 ] || VERIFIED=0
}

verify_config() {
  CHECKS=; VERIFIED=1
  _state=$(svc_state)
  [ "$_state" = running ] && add_check service 1 'B2B service is running' || add_check service 0 "B2B service is $_state"
  _loaded=$(read_value "$RUN/service.loaded")
  [ "${_loaded#* }" = "$1" ] && add_check config 1 "service loaded $1" || add_check config 0 "service did not load $1"
  for _h in mis endpoint; do
    _v=$(read_value "$RUN/health.$_h" 'not checked: the service did not start')
    [ "$_v" = ok ] && add_check "$_h" 1 "$_h reachable" || add_check "$_h" 0 "$_v"
  done
}

verb_config_apply() {
  _expect=$1
  require_service
  # Stdin (up to the size limit) is read before anything else that may answer early.
  receive_config
  require_config
  lock_take
  # Compare-and-swap comes first: a stale console learns that before anything about its config.
  _cur=$(sha256_of "$CONFIG")
  [ "$_cur" = "$_expect" ] || answer_error E_CONFLICT "the config on this host is $_cur, not the expected $_expect"
  check_incoming
  _hash=$(sha256_of "$INCOMING")
  copy_atomic "$CONFIG" "$BACKUP" || answer_error E_DISK_FULL "could not back up the config to $BACKUP"
  mv -f "$INCOMING" "$CONFIG" || answer_error E_DISK_FULL "could not replace $CONFIG"
  write_value "$HOME_DIR/config.applied-at" "$(now_iso)"
  log_line info "Configuration $_hash applied (backup of $_cur kept)"
  svc_restart "$VERIFY_TENTHS" >/dev/null
  verify_config "$_hash"
  [ "$VERIFIED" = 1 ] || log_line warn "Configuration $_hash did not verify"
  answer_ok "{\"previousHash\":\"$_cur\",\"hash\":\"$_hash\",\"restarted\":true,\"verified\":$(json_bool "$VERIFIED"),\"checks\":[${CHECKS#,}]}"
}

# Swaps the config and its backup, so a rollback can itself be undone.
verb_config_rollback() {
  require_service
  # Not require_config: rolling back is how a damaged config gets replaced.
  [ -f "$CONFIG" ] || answer_error E_NOT_INSTALLED "no agent configuration at $CONFIG (run install.sh)"
  lock_take
  [ -f "$BACKUP" ] || answer_error E_NO_BACKUP 'there is no earlier configuration to roll back to'
  _cur=$(sha256_of "$CONFIG")
  _restore=$(sha256_of "$BACKUP")
  mkdir -p "$TMP" 2>/dev/null
  copy_atomic "$CONFIG" "$TMP/replaced.$$" || answer_error E_DISK_FULL "could not write under $TMP"
  mv -f "$BACKUP" "$CONFIG" || answer_error E_INTERNAL "could not restore $BACKUP"
  mv -f "$TMP/replaced.$$" "$BACKUP"
  write_value "$HOME_DIR/config.applied-at" "$(now_iso)"
  log_line warn "Configuration rolled back to $_restore (replacing $_cur)"
  svc_restart "$VERIFY_TENTHS" >/dev/null
  answer_ok "{\"hash\":\"$_restore\",\"restoredFrom\":\"$_cur\"}"
}
