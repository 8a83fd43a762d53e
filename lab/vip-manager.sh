#!/usr/bin/env bash
# The VIP manager of a lab node: keepalived in one of three styles, or Pacemaker/Corosync. Runs
# INSIDE a node (lab.sh enters it with nsenter); lab.sh decides the order across the two nodes.
#   vip-manager.sh check MANAGER NODE     exit 0 when MANAGER runs with exactly its configuration
#                                         and no other manager runs
#   vip-manager.sh stop NODE              stop every manager (the VIP address removed if left)
#   vip-manager.sh install MANAGER NODE   put MANAGER's configuration in place, the others' away
#   vip-manager.sh start MANAGER NODE     start MANAGER, as init would at boot
# MANAGER: keepalived-release | keepalived-static | keepalived-script | pacemaker (lib.sh, PROFILE_VIP)
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$LAB_DIR/lib.sh"

step=$1
if [ "$step" = stop ]; then manager=; node=$2; else manager=$2; node=$3; fi
SAVED=$STATE_DIR/nodes/$node/saved   # package files the lab replaced, to put back
COROSYNC_KEY=$STATE_DIR/corosync-authkey
PACEMAKER_DAEMONS=(pacemakerd pacemaker-based pacemaker-fenced pacemaker-execd pacemaker-attrd
  pacemaker-schedulerd pacemaker-controld corosync)

fill() { # fill TEMPLATE: the lab's names and addresses put into a file of lab/files
  sed -e "s|@ROUTER_ID@|${NODE_NAME[$node]}|g" -e "s|@VIP@|$VIP/$PREFIX|g" \
    -e "s|@VIP_IP@|$VIP|g" -e "s|@PREFIX@|$PREFIX|g" \
    -e "s|@A_NAME@|${NODE_NAME[a]}|g" -e "s|@B_NAME@|${NODE_NAME[b]}|g" \
    -e "s|@A_IP@|${NODE_IP[a]}|g" -e "s|@B_IP@|${NODE_IP[b]}|g" \
    -e "s|@PRIORITY@|$([ "$node" = a ] && echo 150 || echo 100)|g" \
    -e "s|@STATE@|$([ "$node" = a ] && echo MASTER || echo BACKUP)|g" "$LAB_DIR/files/$1"
}

# /etc/keepalived as MANAGER wants it, written into DIR (Debian's keepalived.conf.sample stays).
render_keepalived() { # render_keepalived MANAGER DIR
  local dir=$2
  mkdir -p "$dir"
  case "$1" in
    keepalived-release)
      fill keepalived.conf > "$dir/keepalived.conf"
      echo 0 > "$dir/hapilot-vip.release"
      ;;
    keepalived-static)
      fill keepalived-static.conf > "$dir/keepalived.conf"
      mkdir -p "$dir/conf.d"
      fill keepalived-static-vip.conf > "$dir/conf.d/vip.conf"
      ;;
    keepalived-script)
      fill keepalived-script.conf > "$dir/keepalived.conf"
      install -m 755 "$LAB_DIR/files/check_postgres_primary.sh" "$dir/check_postgres_primary.sh"
      ;;
    *) echo "not a keepalived style: $1" >&2; exit 2 ;;
  esac
}

keepalived_runs() { service keepalived status >/dev/null 2>&1; }
pacemaker_runs() { pidof "${PACEMAKER_DAEMONS[@]}" >/dev/null 2>&1; }

# Managed content of /etc/keepalived: everything but the package's sample.
clear_keepalived_config() {
  find /etc/keepalived -mindepth 1 -maxdepth 1 ! -name keepalived.conf.sample -exec rm -rf {} +
}

keepalived_config_is() { # keepalived_config_is MANAGER: /etc/keepalived holds exactly its files
  local want
  want=$(mktemp -d)
  render_keepalived "$1" "$want"
  diff -r -x keepalived.conf.sample "$want" /etc/keepalived >/dev/null 2>&1
  local rc=$?
  rm -rf "$want"
  return $rc
}

install_keepalived() {
  local tmp
  tmp=$(mktemp -d)
  render_keepalived "$1" "$tmp"
  mkdir -p /etc/keepalived
  clear_keepalived_config
  cp -a "$tmp/." /etc/keepalived/
  chmod 755 /etc/keepalived
  rm -rf "$tmp"
  # The lab's init script: no syslog in a node, keepalived logs to /var/log/keepalived.log.
  install -m 755 "$LAB_DIR/files/keepalived.init" /etc/init.d/keepalived
}

# ---- Pacemaker ----------------------------------------------------------------------------------

corosync_config_is_ours() {
  cmp -s <(fill corosync.conf) /etc/corosync/corosync.conf && cmp -s "$COROSYNC_KEY" /etc/corosync/authkey
}

install_pacemaker() {
  [ -f "$COROSYNC_KEY" ] || { echo "missing $COROSYNC_KEY (lab.sh makes it)" >&2; exit 1; }
  mkdir -p "$SAVED"
  [ -f "$SAVED/corosync.conf" ] || cp -a /etc/corosync/corosync.conf "$SAVED/corosync.conf"
  fill corosync.conf > /etc/corosync/corosync.conf
  install -m 400 "$COROSYNC_KEY" /etc/corosync/authkey
  # A fresh CIB every time: the configuration as written, no history of an earlier run.
  rm -rf /var/lib/pacemaker/cib/* /var/lib/pacemaker/pengine/*
  fill cib.xml | install -o hacluster -g haclient -m 600 /dev/stdin /var/lib/pacemaker/cib/cib.xml
}

uninstall_pacemaker() { # the package's files back, as on a node where Pacemaker is installed but unused
  if [ -f "$SAVED/corosync.conf" ]; then
    cp -a "$SAVED/corosync.conf" /etc/corosync/corosync.conf
    rm -f /etc/corosync/authkey
    rm -rf /var/lib/pacemaker/cib/* /var/lib/pacemaker/pengine/*
  fi
}

start_pacemaker() {
  mkdir -p /run/resource-agents
  # corosync locks its memory by default (about 200 MB a node); with a low memlock limit it only
  # warns and runs unlocked, which a lab sharing a machine prefers.
  prlimit --memlock=8388608 -- /usr/sbin/corosync
  wait_for 20 "corosync to answer on ${NODE_NAME[$node]} (see /var/log/corosync/corosync.log)" \
    corosync-cfgtool -s
  # pacemakerd stays in the foreground; the pidfile is the one Debian's /etc/init.d/pacemaker keeps.
  start-stop-daemon --start --quiet --background --make-pidfile --pidfile /run/pacemakerd.pid \
    --exec /usr/sbin/pacemakerd
}

# Pulls the plug rather than a clean shutdown (about 6 s): the lab replaces the manager anyway.
# pacemakerd is frozen first, or it would start again the children killed under it.
stop_pacemaker() {
  local pids f
  pids=$(pidof pacemakerd || true)
  # shellcheck disable=SC2086 # a list of pids
  [ -z "$pids" ] || kill -STOP $pids
  pids=$(pidof "${PACEMAKER_DAEMONS[@]}" || true)
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  for f in /run/resource-agents/send_arp-*; do
    [ -f "$f" ] && { kill -KILL "$(cat "$f")" 2>/dev/null || true; rm -f "$f"; }
  done
  wait_for 10 "Pacemaker and Corosync to stop on ${NODE_NAME[$node]}" bash -c "! pidof ${PACEMAKER_DAEMONS[*]}"
  rm -rf /run/pacemakerd.pid /run/corosync.pid /dev/shm/qb-*
}

# ---- steps --------------------------------------------------------------------------------------

case "$step" in
check)
  case "$manager" in
    keepalived-*) keepalived_config_is "$manager" && keepalived_runs && ! pacemaker_runs ;;
    pacemaker) corosync_config_is_ours && pidof pacemakerd >/dev/null && pidof corosync >/dev/null && ! keepalived_runs ;;
    *) echo "unknown VIP manager: $manager" >&2; exit 2 ;;
  esac
  ;;
stop)
  if keepalived_runs; then service keepalived stop >/dev/null; fi
  # The init script waits for keepalived's main process only; its VRRP child can outlive it for a
  # moment, and a keepalived started then finds it and quits ("daemon is already running"), leaving
  # the node without a VIP manager. Wait until none is left.
  wait_for 15 "keepalived to stop on ${NODE_NAME[$node]}" bash -c '! pidof keepalived >/dev/null'
  if pacemaker_runs; then stop_pacemaker; fi
  # keepalived removes the VIP when it stops; a manager killed some other way may have left it.
  ip addr del "$VIP/$PREFIX" dev eth0 2>/dev/null || true
  ;;
install)
  case "$manager" in
    keepalived-*) uninstall_pacemaker; install_keepalived "$manager" ;;
    pacemaker) clear_keepalived_config; install_pacemaker ;;
    *) echo "unknown VIP manager: $manager" >&2; exit 2 ;;
  esac
  ;;
start)
  case "$manager" in
    keepalived-*) service keepalived start >/dev/null ;;
    pacemaker) start_pacemaker ;;
    *) echo "unknown VIP manager: $manager" >&2; exit 2 ;;
  esac
  ;;
*)
  echo "unknown step: $step" >&2
  exit 2
  ;;
esac
