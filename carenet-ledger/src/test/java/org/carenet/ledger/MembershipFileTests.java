package org.carenet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MembershipFileTests {

    @TempDir
    Path directory;

    private final NetworkFixture network = new NetworkFixture();

    @Test
    void aWrittenMembershipReadsBackStillSigned() {
        Path file = directory.resolve("membership.json");

        MembershipFile.write(network.membership, file);
        Membership read = MembershipFile.read(file);

        assertThat(read.isSignedBy(network.operator.verifyingKey())).isTrue();
        assertThat(read.members()).isEqualTo(network.membership.members());
        assertThat(read.version()).isEqualTo(1);
    }

    @Test
    void aMembershipEditedOnDiskNoLongerVerifies() throws Exception {
        Path file = directory.resolve("membership.json");
        MembershipFile.write(network.membership, file);

        Files.writeString(file, Files.readString(file).replace("Miriam Hospital", "Mallory Hospital"));

        assertThat(MembershipFile.read(file).isSignedBy(network.operator.verifyingKey()))
                .isFalse();
    }

    @Test
    void somethingElseIsRefusedWithItsName() throws Exception {
        Path file = directory.resolve("membership.json");
        Files.writeString(file, "{\"hello\": \"world\"}");

        assertThatThrownBy(() -> MembershipFile.read(file))
                .isInstanceOf(MembershipFile.InvalidMembershipException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aKeyFileIsCreatedOnceReadableOnlyByItsOwnerAndThenKept() throws Exception {
        Path file = directory.resolve("keys/ledger-signing.key");

        SigningKey created = SigningKey.loadOrCreate(file, new SecureRandom());
        SigningKey loaded = SigningKey.loadOrCreate(file, new SecureRandom());

        assertThat(loaded.verifyingKey()).isEqualTo(created.verifyingKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
