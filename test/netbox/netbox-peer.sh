#!/usr/bin/env bash
# A throwaway, real NetBox on 127.0.0.1 for the integration tests: its own PostgreSQL cluster and Redis on
# free ports in a temp dir, `netbox migrate`, a superuser and an API token. Never a mock.
#
#   netbox-peer.sh install        install NetBox into the cached venv (idempotent)
#   netbox-peer.sh prepare        install, then migrate once into the cached cluster template (idempotent)
#   netbox-peer.sh start DIR [--branching]
#                                 start a NetBox in DIR (created); prints KEY=VALUE lines and writes DIR/peer.env;
#                                 --branching enables the netbox-branching plugin and its background worker
#   netbox-peer.sh stop DIR       stop what start started in DIR and remove DIR
#
# Python ≥ 3.12 is needed by NetBox 4.7: $FW_NETBOX_PYTHON, else python3.12/python3.13 on PATH, else pyenv's.
# The venv is cached in $FW_PEERS_CACHE (default ~/.cache/fw-peers) so only the first run downloads it.
set -euo pipefail

NETBOX_VERSION="${FW_NETBOX_VERSION:-4.7.3}"
# netbox-branching 1.2.x declares NetBox 4.7.0-4.7.99 (its PluginConfig min/max_version).
BRANCHING_VERSION="${FW_NETBOX_BRANCHING_VERSION:-1.2.2}"
CACHE="${FW_PEERS_CACHE:-$HOME/.cache/fw-peers}"
VENV="$CACHE/netbox-$NETBOX_VERSION"
PG_BIN="${FW_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"

log() { printf '[netbox-peer] %s\n' "$*" >&2; }

find_python() {
  if [ -n "${FW_NETBOX_PYTHON:-}" ]; then echo "$FW_NETBOX_PYTHON"; return; fi
  for c in python3.13 python3.12; do
    # A pyenv shim is on PATH for every installed version but fails unless that version is selected: run it.
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys' >/dev/null 2>&1; then command -v "$c"; return; fi
  done
  for c in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
    if [ -x "$c" ] && "$c" -c 'import sys' >/dev/null 2>&1; then echo "$c"; return; fi
  done
  log "no Python >= 3.12 found (NetBox $NETBOX_VERSION needs it): set FW_NETBOX_PYTHON"
  exit 1
}

install() {
  # The marker is written last, so an interrupted install is redone (venv scripts embed their path: install
  # in place, never into a temp dir that is renamed).
  if [ -f "$VENV/.installed" ]; then return; fi
  local py; py="$(find_python)"
  log "installing netbox==$NETBOX_VERSION with $py into $VENV"
  mkdir -p "$CACHE"
  rm -rf "$VENV"
  "$py" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "netbox==$NETBOX_VERSION"
  touch "$VENV/.installed"
}

# The plugin goes into the same venv, once (its own marker, so a venv installed before it gets it too).
install_branching() {
  install
  if [ -f "$VENV/.branching-$BRANCHING_VERSION" ]; then return; fi
  log "installing netboxlabs-netbox-branching==$BRANCHING_VERSION into $VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "netboxlabs-netbox-branching==$BRANCHING_VERSION"
  touch "$VENV/.branching-$BRANCHING_VERSION"
}

free_port() {
  "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# PostgreSQL refuses to run as root: the cluster belongs to `postgres` when we are root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  local dir="$1" port="$2"
  as_pg "$PG_BIN/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w \
    -o "-p $port -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
}

secret() { "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))'; }

write_config() {
  local dir="$1" pg_port="$2" redis_port="$3" branching="${4:-}"
  cat >"$dir/root/conf/configuration.py" <<EOF
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
_DATABASE = {'NAME': 'netbox', 'USER': 'netbox', 'PASSWORD': '', 'HOST': '127.0.0.1', 'PORT': '$pg_port', 'CONN_MAX_AGE': 300}
REDIS = {
    'tasks': {'HOST': '127.0.0.1', 'PORT': $redis_port, 'PASSWORD': '', 'DATABASE': 0, 'SSL': False},
    'caching': {'HOST': '127.0.0.1', 'PORT': $redis_port, 'PASSWORD': '', 'DATABASE': 1, 'SSL': False},
}
SECRET_KEY = '$(secret)'
API_TOKEN_PEPPERS = {1: '$(secret)'}
MEDIA_ROOT = '$dir/media'
DEBUG = False
LOGIN_REQUIRED = True
MAX_PAGE_SIZE = 1000
EOF
  if [ -n "$branching" ]; then
    # The plugin's own recipe: every connection goes through its schema-aware router (branches are schemas);
    # NetBox refuses DATABASE beside DATABASES.
    cat >>"$dir/root/conf/configuration.py" <<'EOF'
from netbox_branching.utilities import DynamicSchemaDict
DATABASES = DynamicSchemaDict({'default': {'ENGINE': 'django.db.backends.postgresql', **_DATABASE}})
DATABASE_ROUTERS = ['netbox_branching.database.BranchAwareRouter']
PLUGINS = ['netbox_branching']
EOF
  else
    echo 'DATABASE = _DATABASE' >>"$dir/root/conf/configuration.py"
  fi
}

# A migrated cluster with the superuser is cached beside the venv: migrating takes minutes, copying it a second.
TEMPLATE="$VENV-pg-template"

start() {
  local dir="$1" branching=""
  if [ "${2:-}" = "--branching" ]; then branching=1; install_branching; fi
  install
  mkdir -p "$dir"
  chmod 755 "$dir"
  local pg_port redis_port http_port
  pg_port="$(free_port)"; redis_port="$(free_port)"; http_port="$(free_port)"
  mkdir -p "$dir/pg" "$dir/root/conf" "$dir/media"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir/pg"; fi
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir"
  write_config "$dir" "$pg_port" "$redis_port" "$branching"
  export NETBOX_ROOT="$dir/root"

  local t0 t1 t2 t3 migrated=cached
  t0=$(date +%s)
  if [ -f "$TEMPLATE/.complete" ]; then
    cp -a "$TEMPLATE/data" "$dir/pg/data"
    pg_start "$dir" "$pg_port"
  else
    as_pg "$PG_BIN/initdb" -D "$dir/pg/data" -A trust -U netbox -E UTF8 >"$dir/initdb.log" 2>&1
    pg_start "$dir" "$pg_port"
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U netbox netbox
  fi
  t1=$(date +%s)
  # The template was migrated by this very venv (its path names the NetBox version), so a plain start skips
  # migrate (Django's start-up and checks alone take 20 s to minutes on a loaded machine); the branching
  # plugin's tables are not in the template, so a --branching start migrates them in.
  if [ ! -f "$TEMPLATE/.migrated" ] || [ -n "$branching" ] || [ -n "${FW_NETBOX_MIGRATE:-}" ]; then
    "$VENV/bin/netbox" migrate --no-input >"$dir/migrate.log" 2>&1 || { log "migrate failed:"; tail -30 "$dir/migrate.log" >&2; exit 1; }
  fi
  t2=$(date +%s)
  if [ ! -f "$TEMPLATE/.complete" ]; then
    migrated="fresh"
    DJANGO_SUPERUSER_PASSWORD="floorwalk-peer" "$VENV/bin/netbox" createsuperuser --no-input \
      --username floorwalk --email floorwalk@example.invalid >/dev/null
    as_pg "$PG_BIN/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null
    rm -rf "$TEMPLATE.tmp"; mkdir -p "$TEMPLATE.tmp"
    cp -a "$dir/pg/data" "$TEMPLATE.tmp/data"
    touch "$TEMPLATE.tmp/.complete"
    # Made without the plugin, it holds exactly NetBox's own schema: later plain starts need no migrate.
    if [ -z "$branching" ]; then touch "$TEMPLATE.tmp/.migrated"; fi
    rm -rf "$TEMPLATE"; mv "$TEMPLATE.tmp" "$TEMPLATE"
    pg_start "$dir" "$pg_port"
  fi
  # --skip-checks: the system checks passed when the template was made; on a loaded machine they take a minute.
  "$VENV/bin/netbox" runserver --noreload --insecure --skip-checks "127.0.0.1:$http_port" >"$dir/http.log" 2>&1 &
  echo $! >"$dir/http.pid"
  if [ -n "$branching" ]; then
    # Branches are provisioned by a background job: without a worker they stay "new" forever.
    "$VENV/bin/netbox" rqworker high default low >"$dir/rq.log" 2>&1 &
    echo $! >"$dir/rq.pid"
  fi

  local url="http://127.0.0.1:$http_port" up=0
  for _ in $(seq 1 240); do
    if curl -s -o /dev/null "$url/api/status/"; then up=1; break; fi
    sleep 0.5
  done
  if [ "$up" != 1 ]; then log "NetBox did not answer on $url:"; tail -30 "$dir/http.log" >&2; exit 1; fi
  local token
  token="$(curl -fsS -X POST "$url/api/users/tokens/provision/" -H 'Content-Type: application/json' -H 'Accept: application/json' \
    -d '{"username":"floorwalk","password":"floorwalk-peer"}' | "$VENV/bin/python" -c '
import json, sys
t = json.load(sys.stdin)
# NetBox 4.5+ v2 tokens are "nbt_<key>.<secret>" sent as Bearer; v1 tokens are 40 characters sent as "Token".
print(("nbt_%s.%s" % (t["key"], t["token"])) if t.get("key") else t["token"])
')"
  t3=$(date +%s)
  {
    echo "NETBOX_URL=$url"
    echo "NETBOX_TOKEN=$token"
    echo "NETBOX_USERNAME=floorwalk"
    echo "NETBOX_PASSWORD=floorwalk-peer"
    echo "NETBOX_DIR=$dir"
    echo "NETBOX_ROOT=$dir/root"
    echo "NETBOX_VENV=$VENV"
    echo "NETBOX_BRANCHING=${branching:-0}"
    echo "NETBOX_TIMINGS=cluster ($migrated) $((t1 - t0))s, migrate $((t2 - t1))s, superuser+server+token $((t3 - t2))s"
  } | tee "$dir/peer.env"
}

stop() {
  local dir="$1"
  [ -d "$dir" ] || return 0
  if [ -f "$dir/http.pid" ]; then kill "$(cat "$dir/http.pid")" 2>/dev/null || true; fi
  if [ -f "$dir/rq.pid" ]; then kill "$(cat "$dir/rq.pid")" 2>/dev/null || true; fi
  if [ -f "$dir/redis.pid" ]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; fi
  if [ -d "$dir/pg/data" ]; then as_pg "$PG_BIN/pg_ctl" -D "$dir/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
}

# `netbox-peer.sh shell DIR CODE`: run Python in the peer's Django (tests use it to stand in for a second user).
shell() {
  local dir="$1" code="$2"
  NETBOX_ROOT="$dir/root" "$VENV/bin/netbox" nbshell --command "$code" 2>/dev/null
}

case "${1:-}" in
  install) install ;;
  prepare)
    install
    if [ ! -f "$TEMPLATE/.complete" ]; then
      tmp="$(mktemp -d /tmp/fw-netbox-prepare.XXXXXX)"
      start "$tmp" >/dev/null
      stop "$tmp"
    fi
    ;;
  start) start "${2:?start DIR}" "${3:-}" ;;
  install-branching) install_branching ;;
  stop) stop "${2:?stop DIR}" ;;
  shell) shell "${2:?shell DIR CODE}" "${3:?shell DIR CODE}" ;;
  *) echo "usage: $0 install | start DIR | stop DIR | shell DIR CODE" >&2; exit 2 ;;
esac
