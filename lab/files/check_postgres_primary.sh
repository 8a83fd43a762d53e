#!/bin/sh
# keepalived vrrp_script (hapilot lab, profile keepalived-script): succeeds only where PostgreSQL
# answers and is not in recovery, i.e. on the primary.
cd / || exit 1
[ "$(PGCONNECT_TIMEOUT=1 runuser -u postgres -- psql -XAtqc 'select pg_is_in_recovery()' 2>/dev/null)" = f ]
