# shellcheck shell=bash
# Shared names and helpers for the two-node lab. Sourced by lab.sh; never run directly.
#
# The lab is two network namespaces ("nodes") on a host bridge in 198.18.N.0/24 (N = 0 unless
# HAPILOT_LAB_NET says otherwise), in the RFC 2544 benchmark range, with no default route inside them: no packet leaves the lab.

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$LAB_DIR/.." && pwd)
STATE_DIR=$(realpath -m -- "${HAPILOT_LAB_STATE:-$REPO_DIR/.lab}")
CLIENT_DIR=$STATE_DIR/client

# Several labs can run side by side (one per checkout, say): HAPILOT_LAB_NET=N (1-250) gives a lab
# its own subnet 198.18.N.0/24, bridge and namespaces. A lab that is up records its N in its state
# folder, and every later command on that folder follows it whatever the environment says.
if [ -f "$STATE_DIR/net" ]; then LAB_NET=$(cat "$STATE_DIR/net"); else LAB_NET=${HAPILOT_LAB_NET:-0}; fi
case "$LAB_NET" in
  0 | [1-9] | [1-9][0-9] | 1[0-9][0-9] | 2[0-4][0-9] | 250) ;;
  *) printf '[lab] error: HAPILOT_LAB_NET must be a number from 0 to 250, not "%s"\n' "$LAB_NET" >&2; exit 2 ;;
esac
SUBNET=198.18.$LAB_NET
if [ "$LAB_NET" = 0 ]; then NS_PREFIX=hapilot; else NS_PREFIX=hapilot$LAB_NET; fi

BRIDGE=$NS_PREFIX-br0
HOST_IP=$SUBNET.1
VIP=$SUBNET.10
PREFIX=24
NODES=(a b)

declare -A NODE_IP=([a]=$SUBNET.11 [b]=$SUBNET.12)
declare -A NODE_NAME=([a]=lab-a [b]=lab-b)
declare -A NODE_NS=([a]=$NS_PREFIX-a [b]=$NS_PREFIX-b)
declare -A NODE_VETH=([a]=$NS_PREFIX-a-h [b]=$NS_PREFIX-b-h)

# Debian packages the lab runs, in every profile. postgresql-15 is usually preinstalled on this
# kind of machine. They are installed before the nodes boot: a node's /etc and /var overlay the
# host's, and files a package adds to them later may never show in a running node.
LAB_PACKAGES=(openssh-server openssh-client redis-server redis-tools keepalived postgresql-15
  postgresql-client-15 postgresql-15-repmgr iproute2 util-linux procps iputils-ping
  pacemaker corosync crmsh pcs resource-agents sudo)

# ---- profiles -----------------------------------------------------------------------------------
# A profile is the kind of site the lab imitates: which VIP manager it runs, how PostgreSQL is laid
# out, and how an operator logs in. `lab.sh up --profile NAME` builds it, `lab.sh profile NAME`
# turns a running lab into it. See lab/README.md for what each one models.
PROFILES=(default keepalived-static keepalived-script pacemaker rhel stranger)
#   VIP manager: keepalived-release (nopreempt, hapilot's release track_file), keepalived-static
#   (priorities 150/100, preempt), keepalived-script (a vrrp_script follows the PostgreSQL role),
#   pacemaker (Corosync + an IPaddr2 resource)
declare -A PROFILE_VIP=([default]=keepalived-release [keepalived-static]=keepalived-static
  [keepalived-script]=keepalived-script [pacemaker]=pacemaker [rhel]=keepalived-release
  [stranger]=keepalived-static)
#   PostgreSQL layout: debian (pg_ctlcluster, /etc/postgresql) or rhel (PGDG: /var/lib/pgsql/15/data, pg_ctl)
declare -A PROFILE_PG=([default]=debian [keepalived-static]=debian [keepalived-script]=debian
  [pacemaker]=debian [rhel]=rhel [stranger]=debian)
#   Login: root (root by key on port 22) or sudo (user ops by key, passwordless sudo, port 2222,
#   root refused, hashed known_hosts)
declare -A PROFILE_LOGIN=([default]=root [keepalived-static]=root [keepalived-script]=root
  [pacemaker]=root [rhel]=root [stranger]=sudo)

SUDO_USER_NAME=ops
SUDO_SSH_PORT=2222

profile_known() { [ -n "${PROFILE_VIP[${1:-}]:-}" ]; }

# The profile the lab runs (recorded by lab.sh up/profile); "default" for a lab made before profiles.
current_profile() {
  if [ -f "$STATE_DIR/profile" ]; then cat "$STATE_DIR/profile"; else echo default; fi
}

# The ssh port and login of a profile (default: the running one).
profile_ssh_port() {
  [ "${PROFILE_LOGIN[${1:-$(current_profile)}]}" = sudo ] && echo "$SUDO_SSH_PORT" || echo 22
}
profile_ssh_user() {
  [ "${PROFILE_LOGIN[${1:-$(current_profile)}]}" = sudo ] && echo "$SUDO_USER_NAME" || echo root
}

# ---- output -------------------------------------------------------------------------------------
STAGE_N=0
STAGE_TOTAL=0
STAGE_T0=0

now_ms() { date +%s%3N; }

stage() { # stage "what is happening"
  STAGE_N=$((STAGE_N + 1))
  STAGE_T0=$(now_ms)
  printf '[lab] %d/%d %s ... ' "$STAGE_N" "$STAGE_TOTAL" "$1"
}

stage_ok() { # stage_ok [detail]
  local ms=$(( $(now_ms) - STAGE_T0 ))
  printf 'ok (%d.%ds)%s\n' $((ms / 1000)) $(((ms % 1000) / 100)) "${1:+ $1}"
}

die() {
  printf '\n[lab] error: %s\n' "$*" >&2
  exit 1
}

info() { printf '[lab] %s\n' "$*"; }

# ---- node access --------------------------------------------------------------------------------

# Host PID of a node's PID 1 (the boot script), or nothing when the node is not running.
node_pid1() {
  local ns=${NODE_NS[$1]} p
  ip netns list 2>/dev/null | grep -qw "^$ns" || return 0
  for p in $(ip netns pids "$ns" 2>/dev/null); do
    # NSpid lists the PID in each nested namespace; the node's init is "1" in the innermost.
    if awk '/^NSpid:/ { exit !(NF == 3 && $3 == 1) }' "/proc/$p/status" 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
}

# node_pid1 scans every process of the machine (about a second when it is busy): node_exec
# remembers a node's init, and checks it is still that node's before it uses it again.
declare -A NODE_PID1_SEEN=()
remember_nodes() { # in the calling shell, so that its subshells inherit what it found
  local n
  for n in "${NODES[@]}"; do NODE_PID1_SEEN[$n]=$(node_pid1 "$n"); done
}

# Run a command inside a node: its network, mounts, hostname and processes.
node_exec() { # node_exec a cmd args...
  local node=$1 pid
  shift
  pid=${NODE_PID1_SEEN[$node]:-}
  if [ -z "$pid" ] || ! grep -qaF "$STATE_DIR/nodes/$node" "/proc/$pid/cmdline" 2>/dev/null; then
    pid=$(node_pid1 "$node")
  fi
  [ -n "$pid" ] || die "node ${NODE_NAME[$node]} is not running"
  # The state folder goes in by name: the scripts run inside source lib.sh again, and without it they
  # would take the checkout's default .lab (another lab's subnet and secrets, when this is a second lab).
  nsenter --target "$pid" --mount --uts --ipc --net --pid --wd=/ -- \
    env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    HAPILOT_LAB_STATE="$STATE_DIR" "$@" 9>&- # fd 9 holds lab.sh's lock: daemons started in the node must not inherit it
}

# Poll a command until it succeeds or the timeout passes (never a fixed sleep).
wait_for() { # wait_for SECONDS description cmd args...
  local timeout=$1 what=$2 deadline
  shift 2
  deadline=$(( $(now_ms) + timeout * 1000 ))
  until "$@" >/dev/null 2>&1; do
    [ "$(now_ms)" -lt "$deadline" ] || die "timed out after ${timeout}s waiting for $what"
    sleep 0.1
  done
}
