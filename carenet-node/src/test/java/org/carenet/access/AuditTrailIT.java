package org.carenet.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.carenet.access.internal.AuditChain;
import org.carenet.access.internal.AuditRows;
import org.carenet.testing.Api;
import org.carenet.testing.NodeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Someone with direct access to the database rewrites the audit trail; verification must notice. And when the trail
 * cannot take an entry, the call it would record gets no answer. Each test breaks the chain or the trail, so each gets
 * a fresh node.
 */
@NodeTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class AuditTrailIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditRows rows;

    Api api;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.login("admin", NodeTest.ADMIN_PASSWORD);
        for (int i = 0; i < 5; i++) {
            api.get("/api/users", admin);
        }
    }

    @Test
    void anUntouchedTrailVerifiesAsIntact() {
        JsonNode result = verify();

        assertThat(result.get("intact").asBoolean()).isTrue();
        assertThat(result.get("entriesChecked").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(result.get("firstBrokenSeq").isNull()).isTrue();
    }

    @Test
    void theDatabaseRefusesToUpdateOrDeleteAuditRows() {
        assertThatThrownBy(() -> jdbc.update("update access.audit_log set actor = 'mallory' where seq = 2"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("delete from access.audit_log where seq = 2"))
                .hasMessageContaining("append-only");
    }

    @Test
    void anAlteredEntryIsReported() {
        tamper("update access.audit_log set actor = 'mallory' where seq = 3");

        JsonNode result = verify();

        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenSeq").asLong()).isEqualTo(3);
        assertThat(result.get("problem").asString()).contains("altered");
    }

    @Test
    void anEntryRewrittenWithAConsistentHashBreaksTheLinkOfTheNext() {
        AuditRows.Row third = rows.chainSegment(2, 3, 1).getFirst();
        AuditEntry e = third.entry();
        AuditEntry rewritten = new AuditEntry(
                e.seq(),
                e.time(),
                "mallory",
                e.role(),
                e.action(),
                e.resource(),
                e.resourceId(),
                e.outcome(),
                e.detail(),
                e.requestId(),
                null,
                null);
        byte[] forged = AuditChain.hash(third.prevHash(), rewritten);
        jdbc.execute("alter table access.audit_log disable trigger audit_log_append_only");
        jdbc.update("update access.audit_log set actor = 'mallory', hash = ? where seq = 3", forged);
        jdbc.execute("alter table access.audit_log enable trigger audit_log_append_only");

        JsonNode result = verify();

        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenSeq").asLong()).isEqualTo(4);
        assertThat(result.get("problem").asString()).contains("does not link");
    }

    @Test
    void aDeletedEntryIsReported() {
        tamper("delete from access.audit_log where seq = 4");

        JsonNode result = verify();

        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenSeq").asLong()).isEqualTo(4);
        assertThat(result.get("problem").asString()).contains("missing");
    }

    @Test
    void deletedLatestEntriesAreReported() {
        long last = jdbc.queryForObject("select max(seq) from access.audit_log", Long.class);
        tamper("delete from access.audit_log where seq >= " + (last - 1));

        JsonNode result = verify();

        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenSeq").asLong()).isEqualTo(last - 1);
    }

    @Test
    void swappedEntriesAreReported() {
        tamper("update access.audit_log set seq = -1 where seq = 2");
        tamper("update access.audit_log set seq = 2 where seq = 3");
        tamper("update access.audit_log set seq = 3 where seq = -1");

        JsonNode result = verify();

        assertThat(result.get("intact").asBoolean()).isFalse();
        assertThat(result.get("firstBrokenSeq").asLong()).isEqualTo(2);
    }

    @Test
    void anAnswerWhoseAuditEntryCannotBeWrittenIsWithheld() {
        String adminId = api.get("/api/users", admin)
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();
        jdbc.execute("""
                create function access.refuse_audit() returns trigger language plpgsql as $$
                begin raise exception 'the audit disk is full'; end $$""");
        jdbc.execute("create trigger refuse_audit before insert on access.audit_log for each row"
                + " when (new.resource_id = '" + adminId + "') execute function access.refuse_audit()");
        long entriesBefore = jdbc.queryForObject("select count(*) from access.audit_log", Long.class);

        Api.Response withheld = api.get("/api/users/" + adminId, admin);

        assertThat(withheld.status()).isEqualTo(503);
        assertThat(withheld.json().get("type").asString()).isEqualTo("urn:carenet:problem:audit-unavailable");
        assertThat(withheld.body()).doesNotContain("username").doesNotContain("roles");
        assertThat(jdbc.queryForObject("select count(*) from access.audit_log", Long.class))
                .isEqualTo(entriesBefore);

        jdbc.execute("drop trigger refuse_audit on access.audit_log");
        Api.Response answered = api.get("/api/users/" + adminId, admin);

        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.json().get("username").asString()).isEqualTo("admin");
        assertThat(verify().get("intact").asBoolean()).isTrue();
    }

    private JsonNode verify() {
        Api.Response response = api.get("/api/audit/verify", admin);
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    /** What an attacker with the database owner's rights does: switch off the guard and rewrite. */
    private void tamper(String sql) {
        jdbc.execute("alter table access.audit_log disable trigger audit_log_append_only");
        try {
            jdbc.execute(sql);
        } finally {
            jdbc.execute("alter table access.audit_log enable trigger audit_log_append_only");
        }
    }
}
