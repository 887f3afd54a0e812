package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {

    @Test
    void theExampleFileLoadsAndItsPasswordsVerify() {
        Users users = Users.load(Path.of("deploy/users.example.yaml"));
        assertThat(users.size()).isEqualTo(3);
        assertThat(users.authenticate("zhang.wei", "change-me-agent")).hasValueSatisfying(u -> {
            assertThat(u.role()).isEqualTo(Role.AGENT);
            assertThat(u.region()).isEqualTo("广东省");
        });
        assertThat(users.authenticate("zhang.wei", "change-me-manager")).isEmpty();
        assertThat(users.authenticate("li.na", "change-me-manager").orElseThrow().region()).isEqualTo("national");
        assertThat(users.authenticate("nobody", "change-me-agent")).isEmpty();
        assertThat(users.authenticate(null, null)).isEmpty();
    }

    @Test
    void rolesCoverLesserRoles() {
        assertThat(Role.ADMIN.covers(Role.MANAGER)).isTrue();
        assertThat(Role.MANAGER.covers(Role.AGENT)).isTrue();
        assertThat(Role.AGENT.covers(Role.MANAGER)).isFalse();
    }

    @Test
    void badFilesNameTheEntry(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("u.yaml");
        Files.writeString(f, "users:\n  - name: a\n    password_hash: plain-text\n    role: agent\n");
        assertThatThrownBy(() -> Users.load(f)).hasMessageContaining("user a").hasMessageContaining("bcrypt");
        Files.writeString(f, "users:\n  - name: a\n    password_hash: $2a$12$y05UMLu/5T0ZMAKSJ6GqrONfiHdfT6SbyNxHuY67JqHZFmP1ieJfW\n    role: boss\n");
        assertThatThrownBy(() -> Users.load(f)).hasMessageContaining("unknown role boss");
        Files.writeString(f, "people: []\n");
        assertThatThrownBy(() -> Users.load(f)).hasMessageContaining("users:");
        Files.writeString(f, "users: [\n");
        assertThatThrownBy(() -> Users.load(f)).hasMessageContaining("cannot read users file");
    }
}
