package io.vpnplane.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fresh database on the real PostgreSQL server, one per test run, dropped when the JVM exits.
 *
 * <p>The server is the machine's ({@code 127.0.0.1:5432}, user {@code postgres}, trust auth) unless
 * {@code VPNPLANE_PG_HOST}, {@code VPNPLANE_PG_PORT}, {@code VPNPLANE_PG_USER} and {@code VPNPLANE_PG_PASSWORD}
 * say otherwise.
 */
public final class PostgresDatabase {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String name;

    private PostgresDatabase(String host, int port, String user, String password, String name) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    /** Creates a new empty database whose name starts with {@code prefix}. */
    public static PostgresDatabase fresh(String prefix) {
        String host = env("VPNPLANE_PG_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("VPNPLANE_PG_PORT", "5432"));
        String user = env("VPNPLANE_PG_USER", "postgres");
        String password = env("VPNPLANE_PG_PASSWORD", "");
        String name = (prefix + "_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        PostgresDatabase db = new PostgresDatabase(host, port, user, password, name);
        db.admin("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(db::drop, "drop-" + name));
        return db;
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** The URL form of the Vert.x reactive client ({@code quarkus.datasource.reactive.url}). */
    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + name;
    }

    public Connection connect() throws SQLException {
        return open(jdbcUrl(), user, password);
    }

    /**
     * Opens a JDBC connection with the PostgreSQL driver of this class's own class loader. DriverManager is not used:
     * after a {@code @QuarkusTest} registered the driver from Quarkus' class loader, DriverManager refuses it to
     * callers of the application class loader ("No suitable driver") for the rest of the JVM.
     */
    private static Connection open(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        Connection c = new org.postgresql.Driver().connect(url, props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL URL: " + url);
        }
        return c;
    }

    public void drop() {
        try {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (IllegalStateException e) {
            // The server may already be gone at JVM exit; the database is disposable.
        }
    }

    private void admin(String sql) {
        try (Connection c = open("jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " refused '" + sql + "': " + e.getMessage()
                    + " (is it running? ./vpnplane up starts it)", e);
        }
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
