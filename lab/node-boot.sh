#!/usr/bin/env bash
# PID 1 of a lab node. Started by lab.sh as
#   ip netns exec NS unshare --mount --uts --ipc --pid --fork --mount-proc --kill-child node-boot.sh ...
# It gives the node private copy-on-write /etc, /var and /usr/local, its own /root and /home (the
# host's files are never written), private tmpfs /run, /tmp and /dev/shm, its own hostname and ssh
# host keys, starts sshd, then reaps orphans forever. It never boots systemd: systemd's tmpfiles rules would empty
# shared directories, and a node does not need it (services run from their /etc/init.d scripts).
set -euo pipefail

NODE_NAME=$1   # lab-a
NODE_STATE=$2  # .lab/nodes/a

# Mounts made here must not propagate back to the host.
mount --make-rprivate /

overlay() { # overlay /etc -> upper/work dirs under the node's state
  local target=$1 name
  name=$(echo "$target" | tr / _)
  mkdir -p "$NODE_STATE/upper/$name" "$NODE_STATE/work/$name"
  mount -t overlay "overlay$name" \
    -o "lowerdir=$target,upperdir=$NODE_STATE/upper/$name,workdir=$NODE_STATE/work/$name" "$target"
}

# The checkout (the lab's scripts) and the lab's state may sit under /tmp, /run or /root (a CI
# clone in /tmp, say), which the private mounts below hide. Each is bound to a parking place in
# the node's private /var first, and put back at its own path wherever a mount hid it.
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HOST_PATHS=("$(dirname "$LAB_DIR")" "$(dirname "$(dirname "$NODE_STATE")")")
PARK=/var/lib/hapilot-lab-host
park() {
  local i
  for i in "${!HOST_PATHS[@]}"; do
    mkdir -p "$PARK/$i"
    mount --bind "${HOST_PATHS[$i]}" "$PARK/$i"
  done
}
unhide() {
  local i
  for i in "${!HOST_PATHS[@]}"; do
    [ -d "${HOST_PATHS[$i]}" ] && [ "$(stat -c %d:%i "${HOST_PATHS[$i]}")" = "$(stat -c %d:%i "$PARK/$i")" ] && continue
    mkdir -p "${HOST_PATHS[$i]}"
    mount --bind "$PARK/$i" "${HOST_PATHS[$i]}"
  done
}

overlay /etc
overlay /var
overlay /usr/local
park
mount -t tmpfs -o mode=0755,size=64m tmpfs /run
mount -t tmpfs -o mode=1777,size=256m tmpfs /tmp
mount -t tmpfs -o mode=1777,size=256m tmpfs /dev/shm
unhide
# root's home: a fresh directory, so the host's ~/.bashrc (and its slow shell init) and ~/.ssh
# never reach the node.
mkdir -p "$NODE_STATE/root"
mount --bind "$NODE_STATE/root" /root
# /home too: a profile that logs in as a plain user (stranger) makes its home there.
mkdir -p "$NODE_STATE/home"
mount --bind "$NODE_STATE/home" /home
unhide

hostname "$NODE_NAME"
echo "$NODE_NAME" > /etc/hostname
mkdir -p /run/sshd /run/lock /run/postgresql /run/redis
chown postgres:postgres /run/postgresql
chmod 2775 /run/postgresql
chown redis:redis /run/redis

ip link set lo up

# Own ssh host keys: the host's show through the overlay and must not be shared. A node booted
# again from its state (lab.sh start-node) keeps the keys it made, as a rebooted server does.
if [ ! -e "$NODE_STATE/upper/_etc/ssh/.lab-keys" ]; then
  rm -f /etc/ssh/ssh_host_*
  ssh-keygen -A >/dev/null
  touch /etc/ssh/.lab-keys
fi
/usr/sbin/sshd -E /var/log/sshd.log

touch /run/lab-booted

# Reap orphaned daemons' children; SIGKILL to the unshare parent takes the whole node down.
trap '' TERM INT HUP
while true; do
  sleep 3600 &
  wait -n || true
done
