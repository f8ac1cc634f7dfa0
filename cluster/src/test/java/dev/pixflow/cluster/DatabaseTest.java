package dev.pixflow.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster's PostgreSQL keeps what it answered: fsync and synchronous commits on, as in production. */
class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void commitsAreOnDiskBeforeTheyAreAnswered() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (Database db = Database.start(dir.resolve("postgres"), port, dir.resolve("logs/postgres.log"));
             Connection c = DriverManager.getConnection(db.jdbcUrl(), Database.USER, Database.PASSWORD);
             Statement s = c.createStatement()) {
            assertThat(setting(s, "fsync")).isEqualTo("on");
            assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
        }
    }

    private static String setting(Statement s, String name) throws Exception {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
