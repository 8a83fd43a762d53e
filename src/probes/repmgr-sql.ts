// repmgr's own view of the cluster read from its metadata (repmgr.nodes in repmgr's database), for
// the persistent probe session: one query through the session's open psql instead of
// `repmgr cluster show`, which opens a PostgreSQL session on every node each time it runs. Rows are
// "TAG<US>VALUE" like the PostgreSQL probe's (postgres-sql.ts): one "node" row per registered node
// (JSON: id, name, type, active, upstream's name) and one "recovery" row, this server's
// pg_is_in_recovery(), which tells whether the node's own row is what it registered as.
// Read-only: it only reads a table and calls a function. repmgr.nodes is repmgr 4's and 5's.

export const REPMGR_NODES_SQL = `
SELECT 'node' || E'\\x1f' || json_build_object(
    'id', n.node_id, 'name', n.node_name, 'type', n.type, 'active', n.active, 'upstream', u.node_name)::text
  FROM repmgr.nodes n LEFT JOIN repmgr.nodes u ON u.node_id = n.upstream_node_id
UNION ALL
SELECT 'recovery' || E'\\x1f' || pg_is_in_recovery()::text
`.trim();
