#!/usr/bin/env bash
# The hapilot lab: a real two-node HA cluster on this machine, without Docker.
#   lab.sh up [--profile NAME]   bring it up (idempotent; cleans up a lab left behind by a killed run;
#                                a running lab of another profile is switched to NAME)
#   lab.sh profile NAME          turn the running lab into another profile, in place
#   lab.sh down     remove everything it made: processes, mounts, namespaces, links, state
#   lab.sh status   say what is up, and which profile
#   lab.sh owner    say who holds this lab number: free, mine, or another checkout's state folder
#   lab.sh exec a|b CMD...   run a command inside a node (for tests and debugging)
#   lab.sh stop-node a|b     pull the power: every process of the node dies at once
#   lab.sh start-node a|b    boot a stopped node again from its disks, services started as at boot
#   lab.sh cut a|b / heal a|b   take the node's network link down / up
# See lab/README.md.
set -euo pipefail
# A step run inside $(...) stops at its first failure too, as it would outside.
shopt -s inherit_errexit

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$LAB_DIR/lib.sh"
# shellcheck source=profile.sh
source "$LAB_DIR/profile.sh"

LOCK_FILE=/run/lock/$NS_PREFIX-lab.lock
# The state folder whose lab holds this number's bridge and namespaces (see check_owner).
OWNER_FILE=/run/lock/$NS_PREFIX-lab.owner

# ---- preconditions ------------------------------------------------------------------------------

require_root_and_namespaces() {
  if [ "$(id -u)" != 0 ]; then
    die "the lab needs root: it creates network namespaces, a bridge, veth links and overlay mounts.
       Run it as root (for example: sudo npm run lab:up)."
  fi
  local missing=() c
  for c in ip unshare nsenter mount; do command -v "$c" >/dev/null || missing+=("$c"); done
  [ ${#missing[@]} -eq 0 ] || die "missing commands: ${missing[*]} (Debian packages iproute2, util-linux, mount)"
  if ! unshare --mount --uts --pid --fork true 2>/dev/null; then
    die "this machine does not allow mount/uts/pid namespaces (unshare failed); the lab needs them."
  fi
  if ! grep -qw overlay /proc/filesystems && ! modprobe overlay 2>/dev/null; then
    die "the kernel has no overlayfs; the lab needs it for each node's private /etc and /var."
  fi
}

missing_packages() { # missing_packages PKG...: the ones not installed (one dpkg-query for all)
  local p status
  local -A installed=()
  while read -r p status; do
    [ "$status" = "install ok installed" ] && installed[$p]=1
  done < <(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true)
  for p in "$@"; do [ -n "${installed[$p]:-}" ] || echo "$p"; done
}

install_packages() { # install_packages PKG...: the ones missing, with apt-get
  local missing
  mapfile -t missing < <(missing_packages "$@")
  if [ ${#missing[@]} -eq 0 ]; then
    stage_ok "all present"
    return
  fi
  printf 'installing %s ... ' "${missing[*]}"
  # Keep the host's own services from starting as the packages install (policy-rc.d, exit 101);
  # only the lab's nodes run them.
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod 755 "$policy"
    added_policy=1
  fi
  local log=/tmp/hapilot-lab-apt.log
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    [ $added_policy = 1 ] && rm -f "$policy"
    tail -n 20 "$log" >&2
    die "apt-get could not install: ${missing[*]} (full log: $log)"
  fi
  [ $added_policy = 1 ] && rm -f "$policy"
  stage_ok
}

# ---- state --------------------------------------------------------------------------------------

nodes_running() { # prints how many nodes have a live PID 1
  local n count=0
  for n in "${NODES[@]}"; do [ -n "$(node_pid1 "$n")" ] && count=$((count + 1)); done
  echo $count
}

leftovers() { # true when anything of a lab exists
  ip link show "$BRIDGE" >/dev/null 2>&1 && return 0
  ip netns list 2>/dev/null | grep -qE "^${NS_PREFIX}-(a|b)\\b" && return 0
  [ -d "$STATE_DIR" ] && return 0
  return 1
}

lab_complete() { # the lab is fully up: both nodes booted and the "up" stamp was written
  [ "$(nodes_running)" = 2 ] && [ -f "$STATE_DIR/up.done" ]
}

# Two checkouts that pick the same HAPILOT_LAB_NET would share a bridge, namespaces and lock, and
# each would take the other's lab for leftovers to clean up. The lab belongs to the state folder
# that made it: another one never takes it down while that folder is there.
lab_owner() { # the state folder of the lab on this number: from a live node's init, else the owner file
  local n pid
  for n in "${NODES[@]}"; do
    pid=$(node_pid1 "$n")
    # The init is "bash .../node-boot.sh NAME STATE/nodes/N" (whatever lab.sh version started it).
    if [ -n "$pid" ]; then dirname "$(dirname "$(tr '\0' '\n' <"/proc/$pid/cmdline" | tail -n 1)")"; return; fi
  done
  cat "$OWNER_FILE" 2>/dev/null || true
}

check_owner() {
  local owner
  owner=$(lab_owner)
  if [ -n "$owner" ] && [ "$owner" != "$STATE_DIR" ] && [ -d "$owner" ]; then
    die "lab $LAB_NET (bridge $BRIDGE, namespaces ${NODE_NS[a]} ${NODE_NS[b]}) belongs to another checkout (state folder $owner).
       Pick another number for this one: HAPILOT_LAB_NET=N bash lab/lab.sh up"
  fi
}

# ---- down ---------------------------------------------------------------------------------------

do_down() {
  local n pid p
  for n in "${NODES[@]}"; do
    pid=$(node_pid1 "$n")
    if [ -n "$pid" ]; then
      # SIGKILL to a PID namespace's init takes every process of the node with it.
      kill -KILL "$pid" 2>/dev/null || true
    fi
    if ip netns list 2>/dev/null | grep -qw "^${NODE_NS[$n]}"; then
      for p in $(ip netns pids "${NODE_NS[$n]}" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
    fi
  done
  for n in "${NODES[@]}"; do
    local deadline=$(( $(now_ms) + 5000 ))
    while [ -n "$(ip netns pids "${NODE_NS[$n]}" 2>/dev/null)" ] && [ "$(now_ms)" -lt $deadline ]; do sleep 0.05; done
    ip netns del "${NODE_NS[$n]}" 2>/dev/null || true
    ip link del "${NODE_VETH[$n]}" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  rm -f "$OWNER_FILE"
  # Mounts live in the nodes' own mount namespaces and die with them; anything still mounted
  # under the state folder (a node started by hand) is taken down before the folder goes.
  if [ -d "$STATE_DIR" ]; then
    local m
    for m in $(awk -v d="$STATE_DIR/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do
      umount -l "$m" 2>/dev/null || true
    done
    case "$STATE_DIR" in
      */.lab|*/.lab/|*/.lab-[0-9]|*/.lab-[0-9]/|/tmp/*) rm -rf --one-file-system "$STATE_DIR" ;;
      *) die "refusing to delete unexpected state folder $STATE_DIR" ;;
    esac
  fi
}

# ---- up -----------------------------------------------------------------------------------------

make_network() {
  ip link add "$BRIDGE" type bridge
  echo "$STATE_DIR" > "$OWNER_FILE"
  ip addr add "$HOST_IP/$PREFIX" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  local n ns
  for n in "${NODES[@]}"; do
    ns=${NODE_NS[$n]}
    ip netns add "$ns"
    ip link add "${NODE_VETH[$n]}" type veth peer name eth0 netns "$ns"
    ip link set "${NODE_VETH[$n]}" master "$BRIDGE" up
    ip -n "$ns" addr add "${NODE_IP[$n]}/$PREFIX" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    # No default route: a node reaches only the lab's subnet.
  done
}

make_keys() {
  mkdir -p "$CLIENT_DIR" "$STATE_DIR/peer"
  echo "$LAB_NET" > "$STATE_DIR/net"
  chmod 700 "$STATE_DIR" "$CLIENT_DIR" "$STATE_DIR/peer"
  ssh-keygen -q -t ed25519 -N '' -C hapilot-lab-operator -f "$CLIENT_DIR/id_ed25519"
  ssh-keygen -q -t ed25519 -N '' -C hapilot-lab-postgres -f "$STATE_DIR/peer/id_ed25519"
  umask 077
  {
    echo "# hapilot lab secrets: generated at lab:up, removed by lab:down"
    echo "LAB_PG_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    echo "LAB_APP_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  } > "$STATE_DIR/secrets.env"
  umask 022
}

boot_node() { # start a node's init in its namespace (its state folder may hold an earlier life)
  local n=$1 dir=$STATE_DIR/nodes/$1
  mkdir -p "$dir"
  setsid ip netns exec "${NODE_NS[$n]}" \
    unshare --mount --uts --ipc --pid --fork --mount-proc --kill-child \
    "$LAB_DIR/node-boot.sh" "${NODE_NAME[$n]}" "$dir" >>"$dir/boot.log" 2>&1 </dev/null 9>&- &
}

wait_booted() { # wait_booted NODE [PORT]: its sshd answers
  wait_for 15 "${NODE_NAME[$1]}'s sshd to answer on port ${2:-22} (see $STATE_DIR/nodes/$1/boot.log, and sshd.log under $STATE_DIR/nodes/$1/upper/_var/log)" \
    bash -c "timeout 0.5 bash -c '</dev/tcp/${NODE_IP[$1]}/${2:-22}'"
}

boot_nodes() {
  local n
  for n in "${NODES[@]}"; do boot_node "$n"; done
  for n in "${NODES[@]}"; do wait_booted "$n"; done
}

# A node's services as its init would start them after a reboot, in the running profile's way.
start_services() {
  local n=$1
  {
    node_exec "$n" "$LAB_DIR/pg-layout.sh" start "$n"
    in_node "$n" "service redis-server start"
    node_exec "$n" "$LAB_DIR/vip-manager.sh" start "${PROFILE_VIP[$(current_profile)]}" "$n"
    node_exec "$n" "$LAB_DIR/pg-layout.sh" repmgrd "$n"
  } >>"$STATE_DIR/nodes/$n/boot.log" 2>&1 || true
}

node_arg() {
  [ -n "${1:-}" ] && [ -n "${NODE_NS[$1]:-}" ] || die "expected a node: a or b"
  [ -f "$STATE_DIR/up.done" ] || die "no lab: run lab.sh up first"
}

# known_hosts from the nodes' real host keys (read from their private /etc), ssh_config aliases,
# and hapilot's cluster file, for a profile (default: the running one).
write_client_files() {
  local profile=${1:-$(current_profile)}
  local n kh=$CLIENT_DIR/known_hosts key port user
  port=$(profile_ssh_port "$profile")
  user=$(profile_ssh_user "$profile")
  at() { if [ "$port" = 22 ]; then echo "$1"; else echo "[$1]:$port"; fi; } # known_hosts names a port this way
  : > "$kh"
  for n in "${NODES[@]}"; do
    for key in "$STATE_DIR/nodes/$n/upper/_etc/ssh/"ssh_host_*_key.pub; do
      echo "$(at "${NODE_NAME[$n]}"),$(at "${NODE_IP[$n]}") $(cut -d' ' -f1,2 "$key")" >> "$kh"
      # The VIP is answered by whichever node holds it: both nodes' keys are valid for it.
      echo "$(at lab-vip),$(at "$VIP") $(cut -d' ' -f1,2 "$key")" >> "$kh"
    done
  done
  if [ "${PROFILE_LOGIN[$profile]}" = sudo ]; then
    # As many sites have it (HashKnownHosts yes): names and addresses hashed, one per line.
    ssh-keygen -q -H -f "$kh" >/dev/null 2>&1
    rm -f "$kh.old"
  fi
  cat > "$CLIENT_DIR/ssh_config" <<EOF
# Generated by the hapilot lab (lab/lab.sh up). Use with: ssh -F $CLIENT_DIR/ssh_config lab-a
Host lab-a
  HostName ${NODE_IP[a]}
Host lab-b
  HostName ${NODE_IP[b]}
Host lab-vip
  HostName $VIP
Host lab-a lab-b lab-vip
  User $user$([ "$port" = 22 ] || printf '\n  Port %s' "$port")
  IdentityFile $CLIENT_DIR/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $CLIENT_DIR/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  ConnectTimeout 5
  ServerAliveInterval 5
  ServerAliveCountMax 3
  LogLevel ERROR
EOF
  "$LAB_DIR/write-cluster.sh" "$profile" > "$STATE_DIR/cluster.yaml"
}

provision() { # provision STEP NODE
  node_exec "$2" "$LAB_DIR/provision.sh" "$1" "$2" >>"$STATE_DIR/nodes/$2/provision.log" 2>&1 \
    || { tail -n 20 "$STATE_DIR/nodes/$2/provision.log" >&2; die "provisioning step '$1' failed on ${NODE_NAME[$2]}"; }
}

both() { # run a provisioning step on both nodes in parallel
  local pids=() n rc=0
  for n in "${NODES[@]}"; do provision "$1" "$n" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  [ $rc = 0 ] || exit 1
}

in_node() { node_exec "$1" bash -c "$2"; }

do_up() { # do_up [PROFILE]
  local profile=${1:-default}
  profile_known "$profile" || die "unknown profile \"$profile\"; profiles: ${PROFILES[*]}"
  require_root_and_namespaces
  if lab_complete; then
    if [ "$(current_profile)" != "$profile" ] || [ -f "$STATE_DIR/profile.switching" ]; then
      apply_profile "$profile"
    else
      info "the lab is already up"
    fi
    do_status
    return 0
  fi
  STAGE_TOTAL=10
  local t0 n
  t0=$(now_ms)
  if leftovers; then
    info "cleaning up a lab left behind by an earlier run"
    do_down
  fi

  stage "Debian packages"
  install_packages "${LAB_PACKAGES[@]}"

  stage "network: bridge $BRIDGE $HOST_IP/$PREFIX, namespaces ${NODE_NS[a]} ${NODE_NS[b]}"
  make_network
  stage_ok

  stage "keys and secrets"
  make_keys
  stage_ok

  stage "booting ${NODE_NAME[a]} and ${NODE_NAME[b]} (private /etc /var /run, own sshd)"
  boot_nodes
  remember_nodes
  write_client_files
  both base
  stage_ok

  stage "PostgreSQL 15 primary on ${NODE_NAME[a]}"
  both pg-init
  provision pg-primary a
  stage_ok

  stage "PostgreSQL 15 standby on ${NODE_NAME[b]} (pg_basebackup, slot repmgr_slot_2)"
  build_standby
  stage_ok

  stage "synchronous commit and repmgrd on both nodes"
  make_synchronous
  stage_ok

  stage "Redis master on ${NODE_NAME[a]}, replica on ${NODE_NAME[b]}"
  both redis
  wait_for 20 "the Redis replica link on ${NODE_NAME[b]}" in_node b \
    "redis-cli info replication | grep -q 'master_link_status:up'"
  stage_ok

  stage "keepalived: VIP $VIP on ${NODE_NAME[a]}"
  for n in "${NODES[@]}"; do step_in "$n" vip-manager.sh install keepalived-release; done
  start_vip_manager keepalived-release
  stage_ok

  stage "checking both nodes over ssh with strict host-key checking"
  for n in "${NODES[@]}"; do
    ssh -F "$CLIENT_DIR/ssh_config" -o BatchMode=yes "${NODE_NAME[$n]}" true \
      || die "ssh to ${NODE_NAME[$n]} failed"
  done
  echo default > "$STATE_DIR/profile"
  date -u +%FT%TZ > "$STATE_DIR/up.done"
  stage_ok

  local ms=$(( $(now_ms) - t0 ))
  info "lab up in $((ms / 1000)).$(((ms % 1000) / 100))s"
  if [ "$profile" != default ]; then apply_profile "$profile"; fi
  do_status
}

# PostgreSQL's standby on B from a running primary on A, then synchronous commit and repmgrd:
# how lab.sh up builds them, and how lab.sh profile rebuilds them when a procedure left them broken.
build_standby() {
  provision pg-standby b
  wait_for 30 "${NODE_NAME[b]} to stream from ${NODE_NAME[a]}" in_node b \
    "[ \"\$(cd / && su postgres -c \"psql -XAtc 'select status from pg_stat_wal_receiver'\")\" = streaming ]"
}

make_synchronous() {
  both synchronous
  wait_for 20 "${NODE_NAME[a]} to see ${NODE_NAME[b]} as its synchronous standby" pg_synchronous
  both repmgrd
}

build_postgres() {
  both pg-init
  provision pg-primary a
  build_standby
  make_synchronous
}

# ---- status -------------------------------------------------------------------------------------

do_status() {
  if ! leftovers; then
    info "the lab is down"
    return 3
  fi
  local n pid role redis vip
  for n in "${NODES[@]}"; do
    pid=$(node_pid1 "$n")
    if [ -z "$pid" ]; then
      printf '[lab] %-6s %-12s DOWN\n' "${NODE_NAME[$n]}" "${NODE_IP[$n]}"
      continue
    fi
    role=$(in_node "$n" "cd / && su postgres -c \"psql -XAtc 'select case when pg_is_in_recovery() then \\\$\\\$standby\\\$\\\$ else \\\$\\\$primary\\\$\\\$ end'\" 2>/dev/null" || true)
    redis=$(in_node "$n" "redis-cli info replication 2>/dev/null | sed -n 's/^role:\(.*\)\r\$/\1/p'" || true)
    vip=$(in_node "$n" "ip -o addr show dev eth0 | grep -qF ' $VIP/' && echo 'holds VIP'" || true)
    printf '[lab] %-6s %-12s up  postgres:%-8s redis:%-7s %s\n' "${NODE_NAME[$n]}" "${NODE_IP[$n]}" \
      "${role:-down}" "${redis:-down}" "$vip"
  done
  if [ -f "$STATE_DIR/profile.switching" ]; then
    info "profile: $(current_profile), a switch to $(cat "$STATE_DIR/profile.switching") did not finish (run: lab.sh profile $(cat "$STATE_DIR/profile.switching"))"
  elif [ -f "$STATE_DIR/up.done" ]; then
    info "profile: $(current_profile)"
  fi
  if lab_complete; then
    info "ssh: ssh -F $CLIENT_DIR/ssh_config lab-a   (lab-b, lab-vip)"
    info "cluster file: $STATE_DIR/cluster.yaml"
    return 0
  fi
  info "the lab is incomplete (run: npm run lab:up, which cleans up and starts again)"
  return 1
}

# ---- main ---------------------------------------------------------------------------------------

take_lock() {
  require_root_and_namespaces
  mkdir -p "$(dirname "$LOCK_FILE")"
  exec 9>"$LOCK_FILE"
  flock -w 120 9 || die "another lab command is still running (lock $LOCK_FILE)"
  check_owner
}

usage() {
  echo "usage: lab.sh up [--profile NAME] | profile NAME | down | status | exec a|b CMD... | stop-node|start-node|cut|heal a|b" >&2
  echo "profiles: ${PROFILES[*]}" >&2
  exit 2
}

cmd=${1:-status}
case "$cmd" in
  up)
    profile=default
    case "${2:-}" in
      "") ;;
      --profile) [ -n "${3:-}" ] || usage; profile=$3 ;;
      --profile=*) profile=${2#--profile=} ;;
      *) usage ;;
    esac
    profile_known "$profile" || die "unknown profile \"$profile\"; profiles: ${PROFILES[*]}"
    take_lock
    do_up "$profile"
    ;;
  profile)
    [ -n "${2:-}" ] || usage
    profile_known "$2" || die "unknown profile \"$2\"; profiles: ${PROFILES[*]}"
    take_lock
    lab_complete || die "no complete lab to reconfigure: run lab.sh up --profile $2"
    apply_profile "$2"
    ;;
  down)
    take_lock
    if leftovers; then do_down; info "lab removed"; else info "no lab to remove"; fi
    ;;
  status) do_status ;;
  owner)
    # Which checkout holds this lab number: prints "free", "mine" or the other state folder.
    # `npm test` uses it to pick a number no other checkout holds (CI may run beside a lab left up).
    owner=$(lab_owner)
    if [ -z "$owner" ] || [ ! -d "$owner" ]; then echo free
    elif [ "$owner" = "$STATE_DIR" ]; then echo mine
    else echo "$owner"; fi
    ;;
  stop-node)
    node_arg "${2:-}"
    pid=$(node_pid1 "$2")
    [ -n "$pid" ] || die "${NODE_NAME[$2]} is already stopped"
    kill -KILL "$pid"
    wait_for 10 "${NODE_NAME[$2]} to stop" bash -c "[ -z \"\$(ip netns pids ${NODE_NS[$2]})\" ]"
    # A machine without power does not answer on the network either (no ARP, no RST for the
    # VIP it held): its namespace would, so its link goes down too.
    ip link set "${NODE_VETH[$2]}" down
    info "${NODE_NAME[$2]} stopped (power pulled)"
    ;;
  start-node)
    node_arg "${2:-}"
    [ -z "$(node_pid1 "$2")" ] || die "${NODE_NAME[$2]} is already running"
    # A reboot loses runtime network state: the VIP keepalived had added is gone.
    ip -n "${NODE_NS[$2]}" addr del "$VIP/$PREFIX" dev eth0 2>/dev/null || true
    ip link set "${NODE_VETH[$2]}" up
    boot_node "$2"
    wait_booted "$2" "$(profile_ssh_port)"
    start_services "$2"
    info "${NODE_NAME[$2]} booted again from its disks"
    ;;
  cut | heal)
    node_arg "${2:-}"
    ip link set "${NODE_VETH[$2]}" "$([ "$cmd" = cut ] && echo down || echo up)"
    info "${NODE_NAME[$2]}: network $([ "$cmd" = cut ] && echo cut || echo restored)"
    ;;
  exec)
    shift
    node=${1:-}
    [ -n "$node" ] && [ -n "${NODE_NS[$node]:-}" ] || die "usage: lab.sh exec a|b CMD..."
    shift
    node_exec "$node" "$@"
    ;;
  *) usage ;;
esac
