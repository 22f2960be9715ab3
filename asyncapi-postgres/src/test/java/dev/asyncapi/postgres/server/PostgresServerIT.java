package dev.asyncapi.postgres.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness itself: a real server, loopback only, restartable on the same port and data, gone after close. */
class PostgresServerIT {

    @Test
    void startsAServerWithAReadyDatabaseListeningOnLoopbackOnly() throws Exception {
        try (PostgresServer server = PostgresServer.start();
             Connection c = server.dataSource().getConnection();
             Statement s = c.createStatement()) {
            assertThat(scalar(s, "SELECT current_database()")).isEqualTo(PostgresServer.DATABASE);
            assertThat(scalar(s, "SELECT current_user")).isEqualTo(server.user());
            assertThat(scalar(s, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(scalar(s, "SHOW port")).isEqualTo(Integer.toString(server.port()));
            assertThat(Path.of(scalar(s, "SHOW unix_socket_directories")))
                    .startsWith(server.dataDirectory().getParent());
            assertThat(scalar(s, "SELECT split_part(current_setting('server_version'), '.', 1)")).isEqualTo("15");
            try (Connection byUrl = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password())) {
                assertThat(byUrl.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void refusesAWrongPassword() {
        try (PostgresServer server = PostgresServer.start()) {
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), server.user(), "wrong"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        }
    }

    @Test
    void runsTheServerAsThePostgresUserWhenTheJvmIsRoot() throws Exception {
        boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        try (PostgresServer server = PostgresServer.start()) {
            long pid = server.postmasterPid().orElseThrow();
            String owner = Files.getOwner(Path.of("/proc/" + pid)).getName();
            assertThat(owner).isEqualTo(root ? PostgresServer.OS_USER : System.getProperty("user.name"));
        }
    }

    @Test
    void stopAndStartAgainKeepTheDataAndThePort() throws Exception {
        try (PostgresServer server = PostgresServer.start()) {
            int port = server.port();
            try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('x')");
            }
            server.stop();
            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> server.dataSource().getConnection()).isInstanceOf(SQLException.class);

            server.startAgain();
            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isEqualTo(port);
            try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThat(scalar(s, "SELECT v FROM kept")).isEqualTo("x");
            }
        }
    }

    @Test
    void closeStopsTheServerAndDeletesItsData() {
        PostgresServer server = PostgresServer.start();
        long pid = server.postmasterPid().orElseThrow();
        Path data = server.dataDirectory();
        server.close();
        server.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(data.getParent()).doesNotExist();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(server::startAgain).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void createsFurtherDatabasesAndTakesExtraSettings() throws Exception {
        try (PostgresServer server = PostgresServer.start(Map.of("max_connections", "42"))) {
            server.createDatabase("other_db");
            try (Connection c = server.dataSource("other_db").getConnection(); Statement s = c.createStatement()) {
                assertThat(scalar(s, "SELECT current_database()")).isEqualTo("other_db");
                assertThat(scalar(s, "SHOW max_connections")).isEqualTo("42");
            }
        }
    }

    @Test
    void missingBinariesFailWithOneMessageNamingWhatToInstall(@TempDir Path empty) {
        assertThatThrownBy(() -> PostgresServer.start(empty, Map.of()))
                .isInstanceOf(PostgresUnavailableException.class)
                .hasMessageContaining("apt-get install -y postgresql-15")
                .hasMessageContaining(PostgresServer.BIN_PROPERTY);
    }

    private static String scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
