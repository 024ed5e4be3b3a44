package org.carenet.access.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.carenet.access.AuditEntry;
import org.carenet.access.AuditQuery;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit table. Rows are only ever inserted, by {@link AuditWriter}. */
@Repository
public class AuditRows {

    static final String COLUMNS =
            "seq, at, actor, roles, action, resource, resource_id, outcome, detail, request_id, prev_hash, hash";

    private static final HexFormat HEX = HexFormat.of();

    private final JdbcClient jdbc;

    AuditRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored row with raw hashes, for verification. */
    public record Row(AuditEntry entry, byte[] prevHash, byte[] hash) {

        public byte[] recomputeHash() {
            return AuditChain.hash(prevHash, entry);
        }
    }

    public record Head(long seq, byte[] hash) {}

    public Head head() {
        return jdbc.sql("select seq, hash from access.audit_log order by seq desc limit 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2)))
                .optional()
                .orElse(new Head(0, AuditChain.GENESIS));
    }

    /** Rows with {@code seq > after} and {@code seq <= upTo}, in chain order. */
    public List<Row> chainSegment(long after, long upTo, int limit) {
        return jdbc.sql("select " + COLUMNS + " from access.audit_log where seq > ? and seq <= ? order by seq limit ?")
                .params(after, upTo, limit)
                .query(ROW)
                .list();
    }

    public List<AuditEntry> find(AuditQuery query, int page, int size) {
        Where where = where(query);
        where.params.add(size);
        where.params.add((long) page * size);
        return jdbc
                .sql("select " + COLUMNS + " from access.audit_log" + where.sql + " order by seq desc limit ? offset ?")
                .params(where.params)
                .query(ROW)
                .list()
                .stream()
                .map(Row::entry)
                .toList();
    }

    public long count(AuditQuery query) {
        Where where = where(query);
        return jdbc.sql("select count(*) from access.audit_log" + where.sql)
                .params(where.params)
                .query(Long.class)
                .single();
    }

    private record Where(String sql, List<Object> params) {}

    private static Where where(AuditQuery query) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (query.actor() != null) {
            conditions.add("actor = ?");
            params.add(query.actor());
        }
        if (query.resource() != null) {
            conditions.add("resource = ?");
            params.add(query.resource());
        }
        if (query.resourceId() != null) {
            conditions.add("resource_id = ?");
            params.add(query.resourceId());
        }
        if (query.from() != null) {
            conditions.add("at >= ?");
            params.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            conditions.add("at < ?");
            params.add(Timestamp.from(query.to()));
        }
        String sql = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        return new Where(sql, params);
    }

    private static final RowMapper<Row> ROW = AuditRows::row;

    private static Row row(ResultSet rs, int n) throws SQLException {
        byte[] prevHash = rs.getBytes("prev_hash");
        byte[] hash = rs.getBytes("hash");
        Instant at = rs.getTimestamp("at").toInstant();
        AuditEntry entry = new AuditEntry(
                rs.getLong("seq"),
                at,
                rs.getString("actor"),
                rs.getString("roles"),
                rs.getString("action"),
                rs.getString("resource"),
                rs.getString("resource_id"),
                rs.getString("outcome"),
                rs.getString("detail"),
                rs.getString("request_id"),
                HEX.formatHex(prevHash),
                HEX.formatHex(hash));
        return new Row(entry, prevHash, hash);
    }
}
