#!/usr/bin/env bash
# A Redis for trying SessionBridge on one machine (not for production):
#
#   scripts/redis-dev.sh start [port]   installs Debian's redis-server when it is missing, then starts one on
#                                       127.0.0.1:port (default 6379) in the background and waits until it answers
#   scripts/redis-dev.sh stop [port]    stops the one this script started on that port
#
# Its pidfile, log and data (RDB and AOF, so the Data Protection key ring survives a restart) are in
# .tools/redis-<port>/. A port where a Redis already answers is used as it is, and `stop` leaves that one alone.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 start|stop [port]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
action=$1
port=${2:-6379}
[[ "$port" =~ ^[0-9]+$ ]] || usage
dir="$PWD/.tools/redis-$port"
pidfile="$dir/redis.pid"

# As root run apt-get directly (a fresh Debian has no sudo); otherwise through sudo.
as_root() {
  if [[ "$(id -u)" == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "redis-dev: redis-server is missing; run this as root, or install sudo, to install it" >&2
    exit 1
  fi
}

have_redis() { command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; }

answers() { redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; }

install_redis() {
  echo "redis-dev: installing redis-server with apt-get"
  as_root apt-get update -q
  # Without systemd the package's scripts may fail to start their own service; what matters is the binaries.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server ||
    echo "redis-dev: apt-get install reported an error; checking for the binaries anyway" >&2
  have_redis || { echo "redis-dev: redis-server is still missing after apt-get install" >&2; exit 1; }
}

start() {
  have_redis || install_redis
  if answers; then
    echo "redis-dev: a Redis already answers on 127.0.0.1:$port; using it (not started here, so stop leaves it alone)"
    return
  fi
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes \
    --pidfile "$pidfile" --logfile "$dir/redis.log" --dir "$dir" --appendonly yes
  # --daemonize returns before the port is bound: wait until it answers (or say why not).
  for _ in $(seq 50); do
    if answers; then
      echo "redis-dev: redis-server on 127.0.0.1:$port, pid $(cat "$pidfile"), files in ${dir#"$PWD/"}/"
      return
    fi
    sleep 0.1
  done
  echo "redis-dev: redis-server did not answer on 127.0.0.1:$port; the end of its log:" >&2
  tail -n 5 "$dir/redis.log" >&2 || true
  exit 1
}

stop() {
  if [[ ! -f "$pidfile" ]]; then
    echo "redis-dev: no redis-server started here on port $port (no ${pidfile#"$PWD/"})"
    return
  fi
  pid=$(cat "$pidfile")
  # SIGTERM: redis-server saves its data and removes its pidfile before it exits. A stale pidfile's pid may now
  # belong to another process: only a redis-server is signalled.
  if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == redis-server* ]] && kill "$pid"; then
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$pidfile"
  echo "redis-dev: stopped redis-server on 127.0.0.1:$port (pid $pid)"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
