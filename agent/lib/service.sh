# The agent's side of the stand-in B2B service: find it, start it, stop it, and say
# what state it is in. A real agent swaps this file for systemctl or the Windows SCM.

SERVICE_BIN=$AGENT_DIR/b2b-service

svc_installed() { [ -f "$SERVICE_BIN" ]; }

# Whether PID is a live service process. Where /proc exists, the command line guards
# against a reused pid, and a zombie (empty command line) counts as gone: an orphaned
# service is reaped by init, which may take its time.
svc_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [ -d /proc/self ] || return 0
  case $(tr '\000' ' ' < "/proc/$1/cmdline" 2>/dev/null) in *b2b-service*) return 0 ;; *) return 1 ;; esac
}

# Pid of the running service.
svc_pid() {
  _p=$(read_value "$RUN/service.pid")
  case $_p in '' | *[!0-9]*) return 1 ;; esac
  svc_alive "$_p" || return 1
  printf '%s' "$_p"
}

# How many epochs in FILE are newer than SECONDS ago.
count_since() {
  [ -f "$1" ] || { printf 0; return; }
  cawk -v since=$(($(now_epoch) - $2)) '$1 >= since { n++ } END { print n + 0 }' "$1"
}

# Running means the service has loaded its config and probed its MIS and endpoint.
svc_state() {
  svc_installed || { printf not-installed; return; }
  if _p=$(svc_pid); then
    case $(read_value "$RUN/service.loaded") in "$_p "*) printf running ;; *) printf starting ;; esac
    return
  fi
  if [ "$(read_value "$RUN/exit")" = crash ] && [ "$(count_since "$RUN/starts" 600)" -ge 3 ]; then
    printf crash-looping
  else
    printf stopped
  fi
}

svc_since() {
  case $1 in
    running | starting) read_value "$RUN/service.started" "$(now_iso)" ;;
    *) read_value "$RUN/exited-at" "$(read_value "$HOME_DIR/config.applied-at" "$(now_iso)")" ;;
  esac
}

# Keeps the last 100 lines of an epoch list.
append_epoch() {
  { [ -f "$1" ] && tail -n 99 "$1"; now_epoch; } > "$1.tmp.$$" && mv -f "$1.tmp.$$" "$1"
}

svc_start() {
  mkdir -p "$RUN" || return 1
  # Every start after the first is a restart, whoever asked for it.
  [ -s "$RUN/starts" ] && append_epoch "$RUN/restarts"
  append_epoch "$RUN/starts"
  rm -f "$RUN/service.loaded" "$RUN/exit"
  # Detached and silent: an SSH channel stays open while anything holds its stdout.
  if command -v setsid >/dev/null 2>&1; then
    setsid sh "$SERVICE_BIN" --home "$HOME_DIR" </dev/null >/dev/null 2>&1 &
  else
    nohup sh "$SERVICE_BIN" --home "$HOME_DIR" </dev/null >/dev/null 2>&1 &
  fi
}

svc_stop() {
  _p=$(svc_pid) || return 0
  kill -TERM "$_p" 2>/dev/null
  _i=0
  while svc_alive "$_p" && [ "$_i" -lt 50 ]; do nap; _i=$((_i + 1)); done
  svc_alive "$_p" && kill -KILL "$_p" 2>/dev/null
  [ -f "$RUN/exit" ] || { write_value "$RUN/exit" stopped; write_value "$RUN/exited-at" "$(now_iso)"; }
  return 0
}

# Waits until the service is running (config loaded, probes done) or has died; ~TENTHS/10 s.
svc_wait_up() {
  _i=0
  while [ "$_i" -lt "$1" ]; do
    case $(svc_state) in running) return 0 ;; stopped | crash-looping) [ -f "$RUN/exit" ] && return 1 ;; esac
    nap
    _i=$((_i + 1))
  done
  return 1
}

# Restarts and waits; prints the state it reached.
svc_restart() {
  svc_stop
  svc_start || { printf stopped; return; }
  svc_wait_up "${1:-100}"
  svc_state
}
