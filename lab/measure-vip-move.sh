#!/usr/bin/env bash
# Measures how long the running profile's VIP manager takes to move the VIP from lab-a to lab-b,
# moved its own way, then puts the lab back (lab.sh profile). Prints the time in milliseconds.
#   default, rhel        1 into lab-a's release file (track_file: lab-a's instance goes to FAULT)
#   keepalived-static,   the priorities swapped in both nodes' conf.d/vip.conf, keepalived reloaded
#   stranger             (SIGHUP) on both
#   keepalived-script    PostgreSQL stopped on lab-a, lab-b promoted: the vrrp_script follows
#   pacemaker            crm resource move vip lab-b (the constraint cleared once it has moved)
# The clock starts when the move is asked for and stops when lab-b holds the VIP and lab-a does
# not, polled every 20 ms inside the nodes.
set -euo pipefail
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$LAB_DIR/lib.sh"

[ -f "$STATE_DIR/up.done" ] || die "no lab: run lab.sh up --profile NAME first"
profile=$(current_profile)
remember_nodes

# In node b: wait until it holds the VIP, then print the time; in node a: until it does not.
watch_vip() { # watch_vip NODE gained|lost
  local test='ip -o addr show dev eth0 | grep -qF " '"$VIP"'/"'
  [ "$2" = lost ] && test="! { $test; }"
  node_exec "$1" timeout 60 bash -c "echo watching; until $test; do sleep 0.02; done; date +%s%3N"
}

out=$(mktemp -d)
watch_vip b gained >"$out/b" &
gained=$!
watch_vip a lost >"$out/a" &
lost=$!
wait_for 20 "the watchers to start in both nodes" bash -c "grep -q watching '$out/a' && grep -q watching '$out/b'"

t0=$(now_ms)
case "${PROFILE_VIP[$profile]}" in
  keepalived-release)
    how="1 written into lab-a's release file"
    node_exec a bash -c 'echo 1 > /etc/keepalived/hapilot-vip.release'
    ;;
  keepalived-static)
    how="priorities swapped (lab-a 100, lab-b 150) and keepalived reloaded on both"
    node_exec a bash -c 'sed -i "s/priority 150/priority 100/" /etc/keepalived/conf.d/vip.conf && kill -HUP $(cat /run/keepalived.pid)'
    node_exec b bash -c 'sed -i "s/priority 100/priority 150/" /etc/keepalived/conf.d/vip.conf && kill -HUP $(cat /run/keepalived.pid)'
    ;;
  keepalived-script)
    how="PostgreSQL stopped on lab-a, then lab-b promoted (clock from the promotion)"
    node_exec a pg_ctlcluster 15 main stop -m fast
    t0=$(now_ms)
    node_exec b pg_ctlcluster 15 main promote
    ;;
  pacemaker)
    how="crm resource move vip lab-b"
    node_exec a crm resource move vip lab-b >/dev/null 2>&1
    ;;
esac
asked=$(( $(now_ms) - t0 ))
wait "$gained" || die "lab-b did not get the VIP within 60 s"
wait "$lost" || die "lab-a did not release the VIP within 60 s"
done_at=$(grep -hv watching "$out/a" "$out/b" | sort -n | tail -n 1)
rm -rf "$out"
echo "profile $profile: VIP on lab-b only $((done_at - t0)) ms after: $how (the command itself took $asked ms)"

if [ "${PROFILE_VIP[$profile]}" = pacemaker ]; then node_exec a crm resource clear vip >/dev/null 2>&1; fi
if [ "${PROFILE_VIP[$profile]}" = keepalived-release ]; then node_exec a bash -c 'echo 0 > /etc/keepalived/hapilot-vip.release'; fi
echo "putting the lab back: lab.sh profile $profile"
bash "$LAB_DIR/lab.sh" profile "$profile" | tail -n 1
