# shellcheck shell=bash
# Turning a running lab into a profile (lib.sh, PROFILES), in place. Sourced by lab.sh; never run
# directly. Host side: it orders the steps that lab/pg-layout.sh, lab/login.sh and
# lab/vip-manager.sh run inside the nodes, and checks the result.
#
# Each part is brought to what the profile wants from whatever it finds, so a switch interrupted
# half-way, or a lab a failed procedure left with B primary, is repaired by switching again. A part
# that already is as wanted is left alone (the VIP is not even moved).

psql_in() { # psql_in NODE SQL: one value, as the postgres superuser over the local socket
  node_exec "$1" runuser -u postgres -- psql -XAtqc "$2" 2>/dev/null
}

# Output captured before it is matched: with pipefail, grep -q leaving early fails the pipeline.
vip_held_by() { [[ "$(node_exec "$1" ip -o addr show dev eth0)" == *" $VIP/"* ]]; }
vip_only_on_a() { vip_held_by a && ! vip_held_by b; }

step_in() { # step_in NODE SCRIPT ARGS...: lab/SCRIPT ARGS... NODE inside NODE, its output in the node's profile.log
  local n=$1 script=$2 log=$STATE_DIR/nodes/$1/profile.log
  shift 2
  echo "== $(date -u +%FT%T) $script $* $n" >>"$log"
  node_exec "$n" "$LAB_DIR/$script" "$@" "$n" >>"$log" 2>&1 \
    || { tail -n 15 "$log" >&2; die "$script $* failed on ${NODE_NAME[$n]} (log: $log)"; }
}

run_on_both() { # run_on_both SCRIPT ARGS...: step_in on both nodes at once
  local pids=() n p rc=0
  for n in "${NODES[@]}"; do step_in "$n" "$@" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  [ $rc = 0 ] || exit 1
}

# ---- is the cluster as the lab built it? ---------------------------------------------------------

pg_roles_are_lab_roles() { # A primary, B in recovery and streaming from A
  [ "$(psql_in a 'select pg_is_in_recovery()')" = f ] &&
    [ "$(psql_in b "select status || ' ' || sender_host from pg_stat_wal_receiver")" = "streaming ${NODE_IP[a]}" ]
}

pg_synchronous() { [ "$(psql_in a "select sync_state from pg_stat_replication where application_name = '${NODE_NAME[b]}'")" = sync ]; }

redis_is_lab_redis() {
  local a b
  a=$(node_exec a redis-cli info replication | tr -d '\r')
  b=$(node_exec b redis-cli info replication | tr -d '\r')
  grep -qx 'role:master' <<<"$a" && grep -qx "master_host:${NODE_IP[a]}" <<<"$b" &&
    grep -qx 'master_link_status:up' <<<"$b"
}

# ---- the parts of a profile ----------------------------------------------------------------------

ensure_lab_roles() { # PostgreSQL and Redis as the lab built them, repaired if a procedure left them otherwise
  if ! pg_roles_are_lab_roles; then
    info "PostgreSQL is not ${NODE_NAME[a]} primary with ${NODE_NAME[b]} streaming from it: building it again"
    run_on_both pg-layout.sh reset
    build_postgres
  elif ! pg_synchronous; then
    # A failover switched synchronous commit off (ALTER SYSTEM); the lab's own setting comes back.
    psql_in a 'alter system reset synchronous_standby_names' >/dev/null
    psql_in a 'select pg_reload_conf()' >/dev/null
    wait_for 20 "${NODE_NAME[a]} to see ${NODE_NAME[b]} as its synchronous standby" pg_synchronous
  fi
  if ! redis_is_lab_redis; then
    node_exec a bash -c 'redis-cli replicaof no one && redis-cli config rewrite' >/dev/null
    node_exec b bash -c "redis-cli replicaof ${NODE_IP[a]} 6379 && redis-cli config rewrite" >/dev/null
    wait_for 20 "the Redis replica link on ${NODE_NAME[b]} (see $STATE_DIR/nodes/b/upper/_var/log/redis)" redis_is_lab_redis
  fi
  node_exec a bash -c 'echo master > /etc/rapidpro.role; echo working > /etc/rapidpro.status'
  node_exec b bash -c 'echo slave > /etc/rapidpro.role; echo working > /etc/rapidpro.status'
}

ensure_pg_layout() { # ensure_pg_layout debian|rhel; prints what it did
  local want=$1 n
  if [ "$(node_exec a "$LAB_DIR/pg-layout.sh" layout a)" = "$want" ] &&
    [ "$(node_exec b "$LAB_DIR/pg-layout.sh" layout b)" = "$want" ]; then
    run_on_both pg-layout.sh repmgrd # a switch cut short may not have started it
    echo unchanged
    return 0
  fi
  # The primary first: a fast shutdown sends the standby everything, down to its last checkpoint,
  # so both start again on the same timeline with nothing to rewind.
  for n in a b; do step_in "$n" pg-layout.sh stop; done
  run_on_both pg-layout.sh "to-$want"
  # The primary first again: a standby that finds no primary waits 5 s before it tries again.
  for n in a b; do step_in "$n" pg-layout.sh start; done
  wait_for 30 "${NODE_NAME[b]} to stream from ${NODE_NAME[a]} again (PostgreSQL logs: $STATE_DIR/nodes/b/upper/_var/log/postgresql, or $STATE_DIR/nodes/b/upper/_var/lib/pgsql/15/data/log)" \
    pg_roles_are_lab_roles
  wait_for 20 "${NODE_NAME[a]} to see ${NODE_NAME[b]} as its synchronous standby" pg_synchronous
  # repmgr's metadata names each node's repmgr.conf, which moved.
  for n in a b; do step_in "$n" pg-layout.sh register; done
  run_on_both pg-layout.sh repmgrd
  echo "moved to the $want layout"
}

ensure_login() { # ensure_login root|sudo PROFILE; prints what it did
  local mode=$1 profile=$2 n changed=0 port
  port=$(profile_ssh_port "$profile")
  for n in a b; do
    [ "$(node_exec "$n" "$LAB_DIR/login.sh" "$mode" "$n" 2>>"$STATE_DIR/nodes/$n/profile.log")" = changed ] && changed=1
  done
  if [ $changed = 0 ]; then
    echo unchanged
    return 0
  fi
  for n in a b; do wait_booted "$n" "$port"; done
  echo "sshd reconfigured (port $port, login $(profile_ssh_user "$profile"))"
}

ensure_vip_manager() { # ensure_vip_manager MANAGER; prints what it did
  local manager=$1 n ok=1
  for n in a b; do node_exec "$n" "$LAB_DIR/vip-manager.sh" check "$manager" "$n" || ok=0; done
  if [ $ok = 1 ] && vip_only_on_a; then
    echo unchanged
    return 0
  fi
  run_on_both vip-manager.sh stop
  run_on_both vip-manager.sh install "$manager"
  start_vip_manager "$manager"
  echo "$manager running, the VIP on ${NODE_NAME[a]}"
}

start_vip_manager() { # start_vip_manager MANAGER: installed on both nodes; returns with the VIP on A
  local manager=$1 logs
  case "$manager" in
    pacemaker)
      # Both at once: with two_node, neither starts resources until it has seen the other.
      run_on_both vip-manager.sh start "$manager"
      logs="/var/log/pacemaker/pacemaker.log and /var/log/corosync/corosync.log"
      ;;
    *)
      # A first: with nopreempt (default profile), the first node to time out as backup keeps the VIP.
      step_in a vip-manager.sh start "$manager"
      step_in b vip-manager.sh start "$manager"
      logs=/var/log/keepalived.log
      ;;
  esac
  wait_for 40 "the VIP $VIP on ${NODE_NAME[a]} only, from $manager (see $logs under $STATE_DIR/nodes/N/upper/_var)" \
    vip_only_on_a
}

# ---- the whole switch ----------------------------------------------------------------------------

# Everything a profile promises, checked from outside as a user would see it.
check_lab_health() { # check_lab_health PROFILE
  local profile=$1 n sudo=
  pg_roles_are_lab_roles || die "PostgreSQL: ${NODE_NAME[a]} is not primary with ${NODE_NAME[b]} streaming from it"
  pg_synchronous || die "PostgreSQL: ${NODE_NAME[b]} is not ${NODE_NAME[a]}'s synchronous standby"
  redis_is_lab_redis || die "Redis: ${NODE_NAME[b]} is not a replica of ${NODE_NAME[a]} with its link up"
  vip_only_on_a || die "the VIP $VIP is not on ${NODE_NAME[a]} only"
  [ "${PROFILE_LOGIN[$profile]}" = sudo ] && sudo="sudo -n"
  local pids=() rc=0 p
  for n in "${NODES[@]}"; do
    ssh -F "$CLIENT_DIR/ssh_config" -o BatchMode=yes "${NODE_NAME[$n]}" $sudo true \
      || die "ssh to ${NODE_NAME[$n]} with $CLIENT_DIR/ssh_config failed (sshd log: $STATE_DIR/nodes/$n/upper/_var/log/sshd.log)" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  [ $rc = 0 ] || exit 1
}

# part TITLE FUNCTION ARGS...: a stage run beside another; prints its line when it is done.
part() {
  local title=$1 t0 what ms
  shift
  t0=$(now_ms)
  what=$("$@") || return 1
  ms=$(( $(now_ms) - t0 ))
  printf '[lab] %s ... ok (%d.%ds) %s\n' "$title" $((ms / 1000)) $(((ms % 1000) / 100)) "$what"
}

apply_profile() { # apply_profile NAME: the running lab becomes profile NAME
  local want=$1 t0 ms
  profile_known "$want" || die "unknown profile \"$want\"; profiles: ${PROFILES[*]}"
  t0=$(now_ms)
  remember_nodes
  STAGE_N=0
  STAGE_TOTAL=6
  info "profile $want (was $(current_profile))"
  echo "$want" > "$STATE_DIR/profile.switching"

  stage "packages"
  local missing
  missing=$(missing_packages "${LAB_PACKAGES[@]}" | tr '\n' ' ')
  [ -z "$missing" ] || die "packages missing: $missing(a lab made by an older lab.sh). A running node may never see
       files installed after it booted: run lab.sh down, then lab.sh up --profile $want, which installs them."
  if [ "${PROFILE_VIP[$want]}" = pacemaker ] && [ ! -f "$STATE_DIR/corosync-authkey" ]; then
    corosync-keygen -k "$STATE_DIR/corosync-authkey" >/dev/null 2>&1 \
      || die "corosync-keygen could not write $STATE_DIR/corosync-authkey"
  fi
  stage_ok "all present"

  stage "roles: PostgreSQL and Redis primary on ${NODE_NAME[a]}, replicas on ${NODE_NAME[b]}"
  ensure_lab_roles
  stage_ok

  # PostgreSQL's layout, then the login (repmgr's ssh options follow the sshd port), and beside
  # them the VIP manager, unless its vrrp_script follows PostgreSQL's role. Each part's line is
  # printed when both are done.
  local parts pg_pid pg_rc=0 vip_rc=0
  parts=$(mktemp -d)
  {
    part "3/6 PostgreSQL layout: ${PROFILE_PG[$want]}" ensure_pg_layout "${PROFILE_PG[$want]}" >"$parts/3"
    write_client_files "$want"
    part "4/6 login: ${PROFILE_LOGIN[$want]}" ensure_login "${PROFILE_LOGIN[$want]}" "$want" >"$parts/4"
  } &
  pg_pid=$!
  if [ "${PROFILE_VIP[$want]}" = keepalived-script ]; then
    wait "$pg_pid" || pg_rc=1
    pg_pid=
  fi
  part "5/6 VIP manager: ${PROFILE_VIP[$want]}" ensure_vip_manager "${PROFILE_VIP[$want]}" >"$parts/5" || vip_rc=1
  if [ -n "$pg_pid" ]; then wait "$pg_pid" || pg_rc=1; fi
  cat "$parts"/* 2>/dev/null || true
  rm -rf "$parts"
  [ $pg_rc = 0 ] && [ $vip_rc = 0 ] || exit 1
  STAGE_N=5

  stage "checking the cluster and ssh as $(profile_ssh_user "$want") on port $(profile_ssh_port "$want")"
  check_lab_health "$want"
  echo "$want" > "$STATE_DIR/profile"
  rm -f "$STATE_DIR/profile.switching"
  stage_ok

  ms=$(( $(now_ms) - t0 ))
  info "profile $want in $((ms / 1000)).$(((ms % 1000) / 100))s"
}
