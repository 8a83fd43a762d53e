#!/usr/bin/env bash
# How PostgreSQL is laid out in a lab node: Debian's (pg_ctlcluster, /etc/postgresql/15/main) or
# RHEL/PGDG's (/var/lib/pgsql/15/data with its configuration inside, /usr/pgsql-15/bin, pg_ctl,
# no pg_ctlcluster). Runs INSIDE a node; lab.sh orders the steps across the two nodes.
#   pg-layout.sh layout NODE       print debian, rhel or none
#   pg-layout.sh stop NODE         stop repmgrd and PostgreSQL (fast shutdown), whatever the layout
#   pg-layout.sh to-rhel NODE      move a stopped Debian cluster into the RHEL layout
#   pg-layout.sh to-debian NODE    move it back
#   pg-layout.sh start NODE        start PostgreSQL as this layout's init would (waits until it answers)
#   pg-layout.sh repmgrd NODE      start repmgrd as this layout's init would
#   pg-layout.sh register NODE     record this layout's repmgr.conf in repmgr's metadata
#   pg-layout.sh reset NODE        kill PostgreSQL, put the Debian layout back, drop the cluster (for a rebuild)
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
source "$LAB_DIR/lib.sh"

step=$1
node=$2
PGV=15
DEB_DATA=/var/lib/postgresql/$PGV/main
DEB_CONF=/etc/postgresql/$PGV/main
DEB_HOME=/var/lib/postgresql
RHEL_HOME=/var/lib/pgsql
RHEL_DATA=$RHEL_HOME/$PGV/data
RHEL_BIN=/usr/pgsql-$PGV/bin
RHEL_REPMGR_CONF=/etc/repmgr/$PGV/repmgr.conf
# Debian's files are kept here while the node runs the RHEL layout (off the node's own paths).
SAVED=$STATE_DIR/nodes/$node/saved/debian-postgresql
DEBIAN_PATHS=(/etc/postgresql /etc/postgresql-common /etc/init.d/postgresql /etc/init.d/repmgrd
  /etc/default/repmgrd /etc/repmgr.conf /var/log/postgresql)
# The node's own view of /usr in the RHEL layout (an overlay mounted in the node only).
USR_VIEW=$STATE_DIR/nodes/$node/rhel-usr
# Client programs PGDG links into /usr/bin (alternatives); everything else stays in /usr/pgsql-15/bin.
PGDG_LINKED=(clusterdb createdb createuser dropdb dropuser pg_basebackup pg_dump pg_dumpall pg_restore
  psql reindexdb vacuumdb)

layout() {
  if [ -f "$RHEL_DATA/PG_VERSION" ]; then echo rhel
  elif [ -f "$DEB_DATA/PG_VERSION" ] && [ -d "$DEB_CONF" ]; then echo debian
  else echo none; fi
}

# usermod refuses while any process runs as postgres; a keepalived check script may run psql for
# a moment at any time (keepalived-script profile), so it is tried again until it goes through.
set_postgres_home() { wait_for 10 "usermod to set postgres's home to $1" usermod -d "$1" postgres; }

as_postgres() { (cd / && HOME=$(getent passwd postgres | cut -d: -f6) runuser -u postgres -- "$@"); }

# ---- the RHEL view of /usr ----------------------------------------------------------------------
# Inside the node only: an overlay on /usr whose upper layer, prepared before it is mounted,
# whites out Debian's cluster wrappers (pg_ctlcluster, pg_lsclusters, ...) and /usr/lib/postgresql,
# links PGDG's client programs into /usr/bin, and holds /usr/pgsql-15, where the PostgreSQL 15
# binaries are bound. Leaving the layout unmounts it: the host's /usr is never written.

usr_view_mounted() { mountpoint -q "/usr/pgsql-$PGV"; }

mount_usr_view() {
  usr_view_mounted && return 0
  local up=$USR_VIEW/upper f name park=/run/lab-rhel-usr
  rm -rf "$USR_VIEW"
  mkdir -p "$up/bin" "$up/lib" "$up/pgsql-$PGV" "$USR_VIEW/work" "$park/local" "$park/pgsql"
  # Debian's cluster tools and wrappers (postgresql-common's programs, links to pg_wrapper) disappear ...
  for f in /usr/bin/pg_*cluster* /usr/bin/pg_lsclusters /usr/bin/pg_conftool /usr/bin/pg_virtualenv \
    /usr/bin/pg_buildext /usr/bin/pg_config $(find /usr/bin -maxdepth 1 -lname '*/pg_wrapper'); do
    [ -e "$f" ] && [ ! -e "$up/bin/${f##*/}" ] && mknod "$up/bin/${f##*/}" c 0 0
  done
  # ... and PGDG's links take the place of the client programs.
  for name in "${PGDG_LINKED[@]}"; do
    rm -f "$up/bin/$name"
    ln -s "/usr/pgsql-$PGV/bin/$name" "$up/bin/$name"
  done
  mknod "$up/lib/postgresql" c 0 0
  # Bind the binaries and keep the node's /usr/local before the overlay hides them.
  mount --bind "/usr/lib/postgresql/$PGV" "$park/pgsql"
  mount --bind /usr/local "$park/local"
  mount -t overlay lab-rhel-usr -o "lowerdir=/usr,upperdir=$up,workdir=$USR_VIEW/work" /usr
  mount --move "$park/local" /usr/local
  mount --move "$park/pgsql" "/usr/pgsql-$PGV"
  rmdir "$park/local" "$park/pgsql" "$park"
}

umount_usr_view() {
  # Lazy: a shell started meanwhile may still run a program from it; the node's own /usr (with its
  # /usr/local) is back at once for everything started after.
  if usr_view_mounted; then umount -l /usr; fi
}

# ---- configuration files ------------------------------------------------------------------------

# postgresql.conf as PGDG's initdb leaves it (logging_collector into $PGDATA/log), with the lab's
# settings added at the end as an administrator would: Debian's file without its paths, plus conf.d.
rhel_postgresql_conf() {
  sed -E \
    -e 's/^(data_directory|hba_file|ident_file|external_pid_file|unix_socket_directories|cluster_name|include_dir|port)( *=)/#\1\2/' \
    -e "s/^#logging_collector = off/logging_collector = on/" \
    -e "s/^#log_directory = 'log'/log_directory = 'log'/" \
    -e "s/^#log_filename = '[^']*'/log_filename = 'postgresql-%a.log'/" \
    -e "s/^#log_truncate_on_rotation = off/log_truncate_on_rotation = on/" \
    -e "s/^#log_rotation_age = 1d/log_rotation_age = 1d/" \
    -e "s/^#log_rotation_size = 10MB/log_rotation_size = 0/" \
    "$DEB_CONF/postgresql.conf"
  echo
  echo "# hapilot lab: streaming replication between ${NODE_NAME[a]} and ${NODE_NAME[b]}, synchronous commit"
  grep -hvE '^\s*(#|$)' "$DEB_CONF"/conf.d/*.conf
}

# repmgr.conf where PGDG's repmgr package puts it, from the Debian one (node, conninfo, ssh options).
rhel_repmgr_conf() {
  local pg_ctl="$RHEL_BIN/pg_ctl -D $RHEL_DATA"
  grep -vE '^(data_directory|config_directory|pg_bindir|log_file|service_[a-z]+_command)=' /etc/repmgr.conf
  cat <<EOF
data_directory='$RHEL_DATA'
pg_bindir='$RHEL_BIN'
log_file='/var/log/repmgr/repmgrd-$PGV.log'
service_start_command='$pg_ctl -w -t 60 -l $RHEL_HOME/$PGV/startup.log start'
service_stop_command='$pg_ctl -w -t 60 -m fast stop'
service_restart_command='$pg_ctl -w -t 60 -m fast -l $RHEL_HOME/$PGV/startup.log restart'
service_reload_command='$pg_ctl reload'
service_promote_command='$pg_ctl -w promote'
EOF
}

save_path() { # move a Debian path out of the node's sight
  local p=$1 dest
  dest=$SAVED/$(echo "$p" | tr / _)
  if [ -e "$p" ] || [ -L "$p" ]; then mv "$p" "$dest"; fi
}

restore_path() {
  local p=$1 src
  src=$SAVED/$(echo "$p" | tr / _)
  if [ -e "$src" ] || [ -L "$src" ]; then mv "$src" "$p"; fi
}

to_rhel() {
  case "$(layout)" in
    rhel) return 0 ;;
    debian) ;;
    *) echo "no PostgreSQL cluster to move on ${NODE_NAME[$node]} (neither $DEB_DATA nor $RHEL_DATA)" >&2; exit 1 ;;
  esac
  mkdir -p "$SAVED"
  install -d -o postgres -g postgres -m 700 "$RHEL_HOME" "$RHEL_HOME/$PGV"
  mv "$DEB_DATA" "$RHEL_DATA"
  # pg_basebackup -R recorded where postgres's .pgpass was; it moves with the home below.
  sed -i "s|$DEB_HOME/.pgpass|$RHEL_HOME/.pgpass|" "$RHEL_DATA/postgresql.auto.conf"
  rhel_postgresql_conf > "$RHEL_DATA/postgresql.conf"
  cp "$DEB_CONF/pg_hba.conf" "$DEB_CONF/pg_ident.conf" "$RHEL_DATA/"
  chown postgres:postgres "$RHEL_DATA"/*.conf
  chmod 600 "$RHEL_DATA"/*.conf
  # postgres's home is /var/lib/pgsql on RHEL: its .pgpass and ssh keys move there.
  mv "$DEB_HOME/.pgpass" "$DEB_HOME/.ssh" "$RHEL_HOME/"
  cat > "$RHEL_HOME/.bash_profile" <<EOF
[ -f /etc/profile ] && source /etc/profile
PGDATA=$RHEL_DATA
export PGDATA
EOF
  chown postgres:postgres "$RHEL_HOME/.bash_profile"
  set_postgres_home "$RHEL_HOME"
  install -d -m 755 "/etc/repmgr/$PGV"
  install -d -o postgres -g postgres -m 755 /var/log/repmgr
  rhel_repmgr_conf > "$RHEL_REPMGR_CONF"
  chown postgres:postgres "$RHEL_REPMGR_CONF"
  install -m 755 "$LAB_DIR/files/postgresql-15.init" "/etc/init.d/postgresql-$PGV"
  install -m 755 "$LAB_DIR/files/repmgr-15.init" "/etc/init.d/repmgr-$PGV"
  local p
  for p in "${DEBIAN_PATHS[@]}" "$DEB_HOME"; do save_path "$p"; done
  mount_usr_view
}

to_debian() {
  case "$(layout)" in
    debian) umount_usr_view; return 0 ;;
    rhel) ;;
    *) echo "no PostgreSQL cluster to move on ${NODE_NAME[$node]} (neither $DEB_DATA nor $RHEL_DATA)" >&2; exit 1 ;;
  esac
  umount_usr_view
  local p
  for p in "${DEBIAN_PATHS[@]}" "$DEB_HOME"; do restore_path "$p"; done
  rm -rf "$RHEL_DATA/log" "$RHEL_DATA/current_logfiles" "$RHEL_DATA/postgresql.conf" "$RHEL_DATA/pg_hba.conf" \
    "$RHEL_DATA/pg_ident.conf"
  mkdir -p "$(dirname "$DEB_DATA")"
  mv "$RHEL_DATA" "$DEB_DATA"
  sed -i "s|$RHEL_HOME/.pgpass|$DEB_HOME/.pgpass|" "$DEB_DATA/postgresql.auto.conf"
  mv "$RHEL_HOME/.pgpass" "$RHEL_HOME/.ssh" "$DEB_HOME/"
  set_postgres_home "$DEB_HOME"
  rm -rf "$RHEL_HOME" /etc/repmgr /var/log/repmgr "/etc/init.d/postgresql-$PGV" "/etc/init.d/repmgr-$PGV" "$SAVED"
}

stop_repmgrd() {
  local pids
  pids=$(pidof repmgrd || true)
  [ -z "$pids" ] || kill -TERM $pids
  wait_for 10 "repmgrd to stop on ${NODE_NAME[$node]}" bash -c '! pidof repmgrd'
  rm -f /run/repmgrd.pid "/run/repmgr-$PGV.pid"
}

stop_all() {
  stop_repmgrd
  case "$(layout)" in
    rhel)
      if as_postgres "$RHEL_BIN/pg_ctl" -D "$RHEL_DATA" status >/dev/null 2>&1; then
        service "postgresql-$PGV" stop >/dev/null
      fi
      ;;
    debian)
      if pg_ctlcluster "$PGV" main status >/dev/null 2>&1; then pg_ctlcluster "$PGV" main stop -m fast; fi
      ;;
    none) ;;
  esac
}

start_pg() {
  case "$(layout)" in
    rhel) mount_usr_view; service "postgresql-$PGV" start >/dev/null ;;
    debian) pg_ctlcluster "$PGV" main start ;;
    none) echo "no PostgreSQL cluster on ${NODE_NAME[$node]}" >&2; exit 1 ;;
  esac
}

case "$step" in
layout) layout ;;
stop) stop_all ;;
to-rhel) to_rhel ;;
to-debian) to_debian ;;
start) start_pg ;;
repmgrd)
  # Debian's init script would start a second one: it looks for the pg_wrapper link it starts.
  if ! pidof repmgrd >/dev/null; then
    case "$(layout)" in
      rhel) service "repmgr-$PGV" start >/dev/null ;;
      *) service repmgrd start >/dev/null ;;
    esac
  fi
  ;;
register)
  role=$([ "$node" = a ] && echo primary || echo standby)
  case "$(layout)" in
    rhel) as_postgres "$RHEL_BIN/repmgr" -f "$RHEL_REPMGR_CONF" "$role" register --force ;;
    *) as_postgres repmgr -f /etc/repmgr.conf "$role" register --force ;;
  esac
  ;;
reset)
  # Whatever state PostgreSQL is in (a procedure that failed half-way, say), stop it hard and go
  # back to the Debian layout without a cluster; provision.sh pg-init builds a new one.
  pids=$(pidof postgres repmgrd || true)
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  wait_for 10 "PostgreSQL to stop on ${NODE_NAME[$node]}" bash -c '! pidof postgres repmgrd'
  rm -f /run/repmgr-15.pid /run/repmgrd.pid
  if [ "$(layout)" = rhel ]; then to_debian; fi
  umount_usr_view
  rm -rf "$DEB_CONF" "$DEB_DATA"
  ;;
*)
  echo "unknown step: $step" >&2
  exit 2
  ;;
esac
