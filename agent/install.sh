#!/bin/sh
# Installs the reference agent for a dedicated user and lets the console's key run it as
# the SSH forced command (and nothing else). Run as root; see agent/README.md.
#   sh install.sh --pubkey console.pub [--user b2bagent] [--create-user] [--prefix /opt/b2b-agent]
#                 [--home /var/lib/b2b-agent] [--bin-dir /usr/local/bin|none] [--config FILE]
#                 [--authorized-keys FILE] [--start]
set -eu
SRC=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd -P)

user=b2bagent; create_user=0; prefix=/opt/b2b-agent; home=/var/lib/b2b-agent; bin_dir=/usr/local/bin
config=; pubkey=; auth_keys=; start=0
die() { printf 'install.sh: %s\n' "$1" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case $1 in
    --user) user=$2; shift 2 ;;
    --create-user) create_user=1; shift ;;
    --prefix) prefix=$2; shift 2 ;;
    --home) home=$2; shift 2 ;;
    --bin-dir) bin_dir=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --pubkey) pubkey=$2; shift 2 ;;
    --authorized-keys) auth_keys=$2; shift 2 ;;
    --start) start=1; shift ;;
    *) die "unknown option: $1" ;;
  esac
done

# The paths end up inside the forced command, which sshd hands to a shell: keep them plain.
for p in "$prefix" "$home"; do
  case $p in /*) ;; *) die "paths must be absolute: $p" ;; esac
  case $p in *[!A-Za-z0-9/._-]*) die "paths may contain letters, digits and / . _ - only: $p" ;; esac
done
case $user in '' | *[!a-z0-9_-]*) die "bad user name: $user" ;; esac

missing=
for tool in awk head tail tr wc df date mv cp grep uname mkdir kill dirname; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
command -v sha256sum >/dev/null 2>&1 || command -v shasum >/dev/null 2>&1 || missing="$missing sha256sum"
[ -z "$missing" ] || die "missing tools:$missing"

if ! id "$user" >/dev/null 2>&1; then
  [ "$create_user" = 1 ] || die "no user $user (pass --create-user)"
  useradd -m -s /bin/sh "$user"
  # '*' rather than the locked '!': key logins work, password logins cannot.
  usermod -p '*' "$user"
fi
group=$(id -gn "$user")

# Code is owned by root, so the agent's user (or anything running as it) cannot rewrite it.
mkdir -p "$prefix/lib"
cp "$SRC/b2b-agent" "$SRC/b2b-service" "$prefix/"
cp "$SRC"/lib/*.sh "$SRC"/lib/*.awk "$prefix/lib/"
chmod 755 "$prefix" "$prefix/lib" "$prefix/b2b-agent" "$prefix/b2b-service"
chmod 644 "$prefix"/lib/*

# Data: the config, state, queue, logs and the stand-in's world, private to the user.
umask 077
mkdir -p "$home/run" "$home/datasets" "$home/queue" "$home/world" "$home/log" "$home/tmp"
if [ -n "$config" ]; then
  check=$(LC_ALL=C awk -v mode=check -f "$prefix/lib/config.awk" "$config") || die "config $config: $check"
  [ "$check" = 'ok canonical' ] || die "config $config is not canonical JSON (keys sorted, no spaces, one trailing newline)"
  cp "$config" "$home/config.json"
elif [ ! -f "$home/config.json" ]; then
  printf '%s\n' '{"days":{"assessment":[5],"attendance":[1,2,3,4,5],"exclusions":[1,2,3,4,5],"pupils":[1,2,3,4,5]},"endpointUrl":"https://b2b.example.gov.uk/capitaone/b2b","logLevel":"info","mis":{"database":"SIMS","product":"SIMS","server":"localhost"},"proxy":null,"schedule":{"assessment":["03:00"],"attendance":["02:00","13:00"],"exclusions":["02:00"],"pupils":["02:00"]},"schoolId":"9992000"}' > "$home/config.json"
fi
date -u +%Y-%m-%dT%H:%M:%SZ > "$home/config.applied-at"
# The stand-in can reach the endpoint it was installed with, and nothing else.
LC_ALL=C awk -v mode=get -v path=.endpointUrl -f "$prefix/lib/config.awk" "$home/config.json" > "$home/world/endpoints"
[ -f "$home/world/mis-version" ] || echo '7.212' > "$home/world/mis-version"
chown -R "$user:$group" "$home"
chmod 700 "$home"

if [ -n "$pubkey" ]; then
  key=$(grep -v '^#' "$pubkey" | head -n 1)
  case $key in ssh-* | ecdsa-*) ;; *) die "$pubkey does not hold an OpenSSH public key" ;; esac
  if [ -z "$auth_keys" ]; then
    user_home=$(awk -F: -v u="$user" '$1 == u { print $6 }' /etc/passwd)
    [ -n "$user_home" ] || die "cannot find the home directory of $user"
    auth_keys=$user_home/.ssh/authorized_keys
    # sshd's StrictModes wants ~/.ssh owned by the user and closed to others.
    mkdir -p "$user_home/.ssh"
    chown "$user:$group" "$user_home/.ssh"
    chmod 700 "$user_home/.ssh"
  fi
  case $auth_keys in /*) ;; *) die "--authorized-keys must be absolute: $auth_keys" ;; esac
  case $auth_keys in *[!A-Za-z0-9/._-]*) die "the authorized_keys path may contain letters, digits and / . _ - only: $auth_keys" ;; esac
  # --keys and --key let the agent's auth verbs edit this file and know which key a session used.
  fp=
  if command -v ssh-keygen >/dev/null 2>&1; then
    set -- $(printf '%s\n' "$key" | ssh-keygen -l -E sha256 -f /dev/stdin 2>/dev/null)
    fp=${2-}
  fi
  case $fp in SHA256:*) keyopt="--keys $auth_keys --key $fp " ;; *) keyopt="--keys $auth_keys " ;; esac
  line="command=\"$prefix/b2b-agent --home $home $keyopt--ssh\",restrict $key"
  touch "$auth_keys"
  grep -qxF -- "$line" "$auth_keys" || printf '%s\n' "$line" >> "$auth_keys"
  chown "$user:$group" "$auth_keys"
  chmod 600 "$auth_keys"
fi

if [ "$bin_dir" != none ]; then
  mkdir -p "$bin_dir"
  printf '#!/bin/sh\nexec %s/b2b-agent --home %s "$@"\n' "$prefix" "$home" > "$bin_dir/b2b-agent"
  chmod 755 "$bin_dir/b2b-agent"
fi

if [ "$start" = 1 ]; then
  su -s /bin/sh "$user" -c "$prefix/b2b-agent --home $home restart" >/dev/null || die 'the service did not start'
fi
printf 'installed: %s (data in %s, user %s)\n' "$prefix/b2b-agent" "$home" "$user"
