#!/usr/bin/env bash
# How an operator logs in to a lab node. Runs INSIDE a node (lab.sh enters it with nsenter).
#   login.sh root NODE   root by key on port 22 (the default lab)
#   login.sh sudo NODE   user ops by key on port 2222 with passwordless sudo; root refused
# Either way postgres keeps its ssh to the peer (repmgr standby switchover) on the new port.
# Prints "changed" when sshd was reconfigured, "same" when it already was.
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$LAB_DIR/lib.sh"

mode=$1
node=$2
SSHD_CONF=/etc/ssh/sshd_config.d/lab.conf
USER_NAME=$SUDO_USER_NAME

sshd_conf() { # sshd_conf PORT PERMIT_ROOT
  cat <<EOF
# hapilot lab: key-only logins; listen on every address so the VIP answers too.
Port $1
ListenAddress 0.0.0.0
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin $2
UsePAM no
EOF
}

case "$mode" in
  root) port=22; want=$(sshd_conf 22 prohibit-password) ;;
  sudo) port=$SUDO_SSH_PORT; want=$(sshd_conf "$SUDO_SSH_PORT" no) ;;
  *) echo "unknown login mode: $mode (root or sudo)" >&2; exit 2 ;;
esac

if [ "$mode" = sudo ]; then
  # The user's home must be the node's own /home (node-boot.sh mounts it), never the host's.
  mountpoint -q /home || { echo "/home is not the node's own in ${NODE_NAME[$node]}: reboot the lab (lab.sh down; lab.sh up)" >&2; exit 1; }
  id "$USER_NAME" >/dev/null 2>&1 || useradd -m -s /bin/bash -c "hapilot lab operator" "$USER_NAME"
  # Without PAM, sshd refuses an account whose password is locked ("!"); "*" means no password.
  usermod -p '*' "$USER_NAME"
  install -d -m 700 -o "$USER_NAME" -g "$USER_NAME" "/home/$USER_NAME/.ssh"
  install -m 600 -o "$USER_NAME" -g "$USER_NAME" "$CLIENT_DIR/id_ed25519.pub" "/home/$USER_NAME/.ssh/authorized_keys"
  echo "$USER_NAME ALL=(ALL) NOPASSWD: ALL" > "/etc/sudoers.d/$USER_NAME"
  chmod 440 "/etc/sudoers.d/$USER_NAME"
else
  rm -f "/etc/sudoers.d/$USER_NAME"
  if id "$USER_NAME" >/dev/null 2>&1; then userdel -r "$USER_NAME" 2>/dev/null || userdel "$USER_NAME"; fi
fi

# postgres's ssh to its peer: the port in repmgr's ssh options, the peer's keys as the client has them.
pg_home=$(getent passwd postgres | cut -d: -f6)
if [ -d "$pg_home/.ssh" ]; then
  install -m 600 -o postgres -g postgres "$CLIENT_DIR/known_hosts" "$pg_home/.ssh/known_hosts"
fi
for conf in /etc/repmgr.conf /etc/repmgr/15/repmgr.conf; do
  [ -f "$conf" ] || continue
  opts="-q -o ConnectTimeout=5 -o StrictHostKeyChecking=yes$([ "$port" = 22 ] || echo " -p $port")"
  sed -i "s|^ssh_options=.*|ssh_options='$opts'|" "$conf"
done

if [ "$(cat "$SSHD_CONF" 2>/dev/null)" = "$want" ]; then
  echo same
  exit 0
fi
echo "$want" > "$SSHD_CONF"
# SIGHUP: sshd re-executes itself with the new configuration; open sessions stay.
kill -HUP "$(cat /run/sshd.pid)"
echo changed
