#!/usr/bin/env bash
# The hapilot lab: a real two-node HA cluster on this machine, without Docker.
#   lab.sh up       bring it up (idempotent; cleans up a lab left behind by a killed run)
#   lab.sh down     remove everything it made: processes, mounts, namespaces, links, state
#   lab.sh status   say what is up
#   lab.sh exec a|b CMD...   run a command inside a node (for tests and debugging)
#   lab.sh stop-node a|b     pull the power: every process of the node dies at once
#   lab.sh start-node a|b    boot a stopped node again from its disks, services started as at boot
#   lab.sh cut a|b / heal a|b   take the node's network link down / up
# See lab/README.md.
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$LAB_DIR/lib.sh"

LOCK_FILE=/run/lock/$NS_PREFIX-lab.lock

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

missing_packages() {
  local p status
  for p in "${LAB_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || echo "$p"
  done
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
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
  # Mounts live in the nodes' own mount namespaces and die with them; anything still mounted
  # under the state folder (a node started by hand) is taken down before the folder goes.
  if [ -d "$STATE_DIR" ]; then
    local m
    for m in $(awk -v d="$STATE_DIR/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do
      umount -l "$m" 2>/dev/null || true
    done
    case "$STATE_DIR" in
      */.lab|*/.lab/|/tmp/*) rm -rf --one-file-system "$STATE_DIR" ;;
      *) die "refusing to delete unexpected state folder $STATE_DIR" ;;
    esac
  fi
}

# ---- up -----------------------------------------------------------------------------------------

make_network() {
  ip link add "$BRIDGE" type bridge
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

wait_booted() {
  wait_for 15 "${NODE_NAME[$1]} to boot (see $STATE_DIR/nodes/$1/boot.log)" \
    bash -c "timeout 0.5 bash -c '</dev/tcp/${NODE_IP[$1]}/22'"
}

boot_nodes() {
  local n
  for n in "${NODES[@]}"; do boot_node "$n"; done
  for n in "${NODES[@]}"; do wait_booted "$n"; done
}

# A node's services as its init would start them after a reboot.
start_services() {
  in_node "$1" "pg_ctlcluster 15 main start; service redis-server start; service keepalived start; service repmgrd start" \
    >>"$STATE_DIR/nodes/$1/boot.log" 2>&1 || true
}

node_arg() {
  [ -n "${1:-}" ] && [ -n "${NODE_NS[$1]:-}" ] || die "expected a node: a or b"
  [ -f "$STATE_DIR/up.done" ] || die "no lab: run lab.sh up first"
}

# known_hosts from the nodes' real host keys (read from their private /etc), ssh_config aliases.
write_client_files() {
  local n kh=$CLIENT_DIR/known_hosts key
  : > "$kh"
  for n in "${NODES[@]}"; do
    for key in "$STATE_DIR/nodes/$n/upper/_etc/ssh/"ssh_host_*_key.pub; do
      echo "${NODE_NAME[$n]},${NODE_IP[$n]} $(cut -d' ' -f1,2 "$key")" >> "$kh"
      # The VIP is answered by whichever node holds it: both nodes' keys are valid for it.
      echo "lab-vip,$VIP $(cut -d' ' -f1,2 "$key")" >> "$kh"
    done
  done
  cat > "$CLIENT_DIR/ssh_config" <<EOF
# Generated by the hapilot lab (lab/lab.sh up). Use with: ssh -F $CLIENT_DIR/ssh_config lab-a
Host lab-a
  HostName ${NODE_IP[a]}
Host lab-b
  HostName ${NODE_IP[b]}
Host lab-vip
  HostName $VIP
Host lab-a lab-b lab-vip
  User root
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
  "$LAB_DIR/write-cluster.sh" > "$STATE_DIR/cluster.yaml"
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

do_up() {
  require_root_and_namespaces
  if lab_complete; then
    info "the lab is already up"
    do_status
    return 0
  fi
  STAGE_TOTAL=10
  local t0
  t0=$(now_ms)
  if leftovers; then
    info "cleaning up a lab left behind by an earlier run"
    do_down
  fi

  stage "Debian packages"
  install_packages

  stage "network: bridge $BRIDGE $HOST_IP/$PREFIX, namespaces ${NODE_NS[a]} ${NODE_NS[b]}"
  make_network
  stage_ok

  stage "keys and secrets"
  make_keys
  stage_ok

  stage "booting ${NODE_NAME[a]} and ${NODE_NAME[b]} (private /etc /var /run, own sshd)"
  boot_nodes
  write_client_files
  both base
  stage_ok

  stage "PostgreSQL 15 primary on ${NODE_NAME[a]}"
  both pg-init
  provision pg-primary a
  stage_ok

  stage "PostgreSQL 15 standby on ${NODE_NAME[b]} (pg_basebackup, slot repmgr_slot_2)"
  provision pg-standby b
  wait_for 30 "${NODE_NAME[b]} to stream from ${NODE_NAME[a]}" in_node b \
    "[ \"\$(cd / && su postgres -c \"psql -XAtc 'select status from pg_stat_wal_receiver'\")\" = streaming ]"
  stage_ok

  stage "synchronous commit and repmgrd on both nodes"
  both synchronous
  wait_for 20 "${NODE_NAME[a]} to see ${NODE_NAME[b]} as its synchronous standby" in_node a \
    "[ \"\$(cd / && su postgres -c \"psql -XAtc 'select sync_state from pg_stat_replication'\")\" = sync ]"
  both repmgrd
  stage_ok

  stage "Redis master on ${NODE_NAME[a]}, replica on ${NODE_NAME[b]}"
  both redis
  wait_for 20 "the Redis replica link on ${NODE_NAME[b]}" in_node b \
    "redis-cli info replication | grep -q 'master_link_status:up'"
  stage_ok

  stage "keepalived: VIP $VIP on ${NODE_NAME[a]}"
  provision keepalived a
  provision keepalived b
  wait_for 20 "the VIP to come up on ${NODE_NAME[a]}" in_node a "ip -o addr show dev eth0 | grep -qF ' $VIP/'"
  stage_ok

  stage "checking both nodes over ssh with strict host-key checking"
  local n
  for n in "${NODES[@]}"; do
    ssh -F "$CLIENT_DIR/ssh_config" -o BatchMode=yes "${NODE_NAME[$n]}" true \
      || die "ssh to ${NODE_NAME[$n]} failed"
  done
  date -u +%FT%TZ > "$STATE_DIR/up.done"
  stage_ok

  local ms=$(( $(now_ms) - t0 ))
  info "lab up in $((ms / 1000)).$(((ms % 1000) / 100))s"
  do_status
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
  if lab_complete; then
    info "ssh: ssh -F $CLIENT_DIR/ssh_config lab-a   (lab-b, lab-vip)"
    info "cluster file: $STATE_DIR/cluster.yaml"
    return 0
  fi
  info "the lab is incomplete (run: npm run lab:up, which cleans up and starts again)"
  return 1
}

# ---- main ---------------------------------------------------------------------------------------

cmd=${1:-status}
case "$cmd" in
  up|down)
    require_root_and_namespaces
    mkdir -p "$(dirname "$LOCK_FILE")"
    exec 9>"$LOCK_FILE"
    flock -w 120 9 || die "another lab command is still running (lock $LOCK_FILE)"
    if [ "$cmd" = up ]; then do_up; else
      if leftovers; then do_down; info "lab removed"; else info "no lab to remove"; fi
    fi
    ;;
  status) do_status ;;
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
    wait_booted "$2"
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
  *) echo "usage: lab.sh up|down|status|exec a|b CMD...|stop-node|start-node|cut|heal a|b" >&2; exit 2 ;;
esac
