#!/usr/bin/env bash
# Provisioning steps that run INSIDE a lab node (lab.sh enters the node with nsenter).
# Every write lands in the node's private overlay, never in the host's /etc or /var.
#   provision.sh base NODE          host names, root's key, role/status files, sync dir, mongosh stand-in
#   provision.sh pg-init NODE       a fresh PostgreSQL 15 cluster "main" configured for replication
#   provision.sh pg-primary NODE    start it as primary, users, databases, slot, repmgr registration
#   provision.sh pg-standby NODE    replace it by a pg_basebackup of the primary and stream
#   provision.sh redis NODE         master on a, replica of a on b
#   provision.sh synchronous NODE   commits wait for the peer (synchronous_standby_names)
#   provision.sh repmgrd NODE       repmgr's daemon (failover=manual: it watches, never acts)
# Secrets come in the environment (LAB_PG_PASSWORD, LAB_APP_PASSWORD), never on a command line.
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$LAB_DIR/lib.sh"

# shellcheck source=/dev/null
source "$STATE_DIR/secrets.env"

step=$1
node=$2
peer=$([ "$node" = a ] && echo b || echo a)
PGV=15
PGDATA=/var/lib/postgresql/$PGV/main
PGCONF=/etc/postgresql/$PGV/main
SYNC_DIR=/var/lib/labsync

as_postgres() { (cd / && su postgres -s /bin/bash -c "$1"); }

psql_local() { as_postgres "psql -X -q -v ON_ERROR_STOP=1 $*"; }

case "$step" in
base)
  {
    echo "# lab nodes"
    echo "${NODE_IP[a]} ${NODE_NAME[a]}"
    echo "${NODE_IP[b]} ${NODE_NAME[b]}"
    echo "$VIP lab-vip"
  } >> /etc/hosts
  install -d -m 700 /root/.ssh
  install -m 600 "$CLIENT_DIR/id_ed25519.pub" /root/.ssh/authorized_keys
  cp /usr/share/base-files/dot.bashrc /root/.bashrc
  cp /usr/share/base-files/dot.profile /root/.profile
  "$LAB_DIR/login.sh" root "$node" >/dev/null

  # RapidPro-style state files, as rapidpro-set-role / rapidpro-set-status write them.
  if [ "$node" = a ]; then echo master > /etc/rapidpro.role; else echo slave > /etc/rapidpro.role; fi
  echo working > /etc/rapidpro.status

  # A sync directory with a few MB, the same content on both nodes (as after a full sync).
  mkdir -p "$SYNC_DIR/recordings" "$SYNC_DIR/voicemail" "$SYNC_DIR/config"
  for i in 1 2 3 4 5 6; do
    head -c $((512 * 1024)) /dev/zero | tr '\0' "$i" > "$SYNC_DIR/recordings/call-000$i.wav"
  done
  for i in 1 2 3; do
    head -c $((256 * 1024)) /dev/zero | tr '\0' "v" > "$SYNC_DIR/voicemail/msg000$i.wav"
  done
  printf 'domain=lab.example\n' > "$SYNC_DIR/config/tvox.conf"

  # RapidPro-style database dumps, on the 5-minute time code, for the backup probe.
  mkdir -p /var/backups/rapidpro
  stamp=$(date -u -d "@$(( $(date +%s) / 300 * 300 ))" +%Y%m%d_%H%M)
  echo "-- lab dump" > "/var/backups/rapidpro/rapidpro-$stamp.sql"

  # MongoDB is not packaged here: a stand-in prints rs.status() as MongoDB's shell would.
  install -m 755 "$LAB_DIR/files/mongosh" /usr/local/bin/mongosh
  ;;

pg-init)
  # The host's stopped 15/main shows through the overlay: drop it (whiteouts only) and start anew.
  if [ -d "$PGCONF" ]; then pg_dropcluster --stop "$PGV" main; fi
  # pg_dropcluster leaves files it did not make (conf.d/synchronous.conf of an earlier build).
  rm -rf "$PGCONF"
  pg_createcluster "$PGV" main -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  cat > "$PGCONF/conf.d/lab.conf" <<EOF
# hapilot lab: streaming replication between ${NODE_NAME[a]} and ${NODE_NAME[b]}
cluster_name = '${NODE_NAME[$node]}'
listen_addresses = '*'
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
wal_log_hints = on
wal_keep_size = 256MB
shared_preload_libraries = 'repmgr'
EOF
  cat >> "$PGCONF/pg_hba.conf" <<EOF
# hapilot lab
host    replication     repmgr          $SUBNET.0/24           scram-sha-256
host    all             all             $SUBNET.0/24           scram-sha-256
EOF
  printf '*:*:*:repmgr:%s\n' "$LAB_PG_PASSWORD" > /var/lib/postgresql/.pgpass
  chown postgres:postgres /var/lib/postgresql/.pgpass
  chmod 600 /var/lib/postgresql/.pgpass

  cat > /etc/repmgr.conf <<EOF
node_id=$([ "$node" = a ] && echo 1 || echo 2)
node_name='${NODE_NAME[$node]}'
conninfo='host=${NODE_IP[$node]} port=5432 user=repmgr dbname=repmgr connect_timeout=1'
data_directory='$PGDATA'
config_directory='$PGCONF'
pg_bindir='/usr/lib/postgresql/$PGV/bin'
use_replication_slots=yes
replication_user='repmgr'
failover=manual
log_file='/var/log/postgresql/repmgr.log'
service_start_command='pg_ctlcluster $PGV main start'
service_stop_command='pg_ctlcluster $PGV main stop'
service_restart_command='pg_ctlcluster $PGV main restart'
service_reload_command='pg_ctlcluster $PGV main reload'
service_promote_command='pg_ctlcluster $PGV main promote'
ssh_options='-q -o ConnectTimeout=5 -o StrictHostKeyChecking=yes'
EOF
  chown postgres:postgres /etc/repmgr.conf

  # postgres talks to its peer over ssh (repmgr standby switchover). Without PAM, sshd refuses an
  # account whose password is locked ("!"); "*" means no password, and the key still works.
  usermod -p '*' postgres
  install -d -m 700 -o postgres -g postgres /var/lib/postgresql/.ssh
  install -m 600 -o postgres -g postgres "$STATE_DIR/peer/id_ed25519" /var/lib/postgresql/.ssh/id_ed25519
  install -m 600 -o postgres -g postgres "$STATE_DIR/peer/id_ed25519.pub" /var/lib/postgresql/.ssh/authorized_keys
  install -m 600 -o postgres -g postgres "$CLIENT_DIR/known_hosts" /var/lib/postgresql/.ssh/known_hosts
  ;;

pg-primary)
  pg_ctlcluster "$PGV" main start
  psql_local <<EOF
CREATE ROLE repmgr WITH SUPERUSER REPLICATION LOGIN PASSWORD '$LAB_PG_PASSWORD';
CREATE DATABASE repmgr OWNER repmgr;
CREATE ROLE app WITH LOGIN PASSWORD '$LAB_APP_PASSWORD';
CREATE DATABASE app OWNER app;
SELECT pg_create_physical_replication_slot('repmgr_slot_2');
EOF
  psql_local -d app <<'EOF'
SET ROLE app;
CREATE TABLE lab_rows (id bigserial PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT now(), note text);
EOF
  as_postgres "repmgr -f /etc/repmgr.conf primary register --silent" >/dev/null 2>&1 \
    || as_postgres "repmgr -f /etc/repmgr.conf primary register"
  ;;

pg-standby)
  pg_ctlcluster "$PGV" main stop 2>/dev/null || true
  rm -rf "$PGDATA"
  install -d -m 700 -o postgres -g postgres "$PGDATA"
  as_postgres "pg_basebackup -h ${NODE_IP[$peer]} -U repmgr -D $PGDATA -X stream -S repmgr_slot_2 -R -c fast" 
  pg_ctlcluster "$PGV" main start
  as_postgres "repmgr -f /etc/repmgr.conf standby register --silent" >/dev/null 2>&1 \
    || as_postgres "repmgr -f /etc/repmgr.conf standby register"
  ;;

redis)
  cat > /etc/redis/lab.conf <<EOF
include /etc/redis/redis.conf
bind 0.0.0.0
protected-mode no
repl-diskless-sync-delay 0
EOF
  if [ "$node" = b ]; then echo "replicaof ${NODE_IP[a]} 6379" >> /etc/redis/lab.conf; fi
  chown redis:redis /etc/redis/lab.conf
  echo 'DAEMON_ARGS=/etc/redis/lab.conf' > /etc/default/redis-server
  install -d -o redis -g redis /var/log/redis /var/lib/redis
  service redis-server start >/dev/null
  ;;

synchronous)
  # Each node names its peer: on the primary, commits wait until the standby has flushed them
  # (zero loss on failover); the standby's setting takes effect only if it is promoted.
  # The name is double-quoted inside the setting: "lab-b" is not a plain SQL identifier.
  echo "synchronous_standby_names = '\"${NODE_NAME[$peer]}\"'" > "$PGCONF/conf.d/synchronous.conf"
  pg_ctlcluster "$PGV" main reload
  ;;

repmgrd)
  cat > /etc/default/repmgrd <<'EOF'
REPMGRD_ENABLED=yes
REPMGRD_CONF=/etc/repmgr.conf
# start-stop-daemon keeps the pid: repmgrd must not fork away from it.
REPMGRD_OPTS="--daemonize=false"
EOF
  service repmgrd start >/dev/null
  ;;

*)
  echo "unknown provisioning step: $step" >&2
  exit 2
  ;;
esac
