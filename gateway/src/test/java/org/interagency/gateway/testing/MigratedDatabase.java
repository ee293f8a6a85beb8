package org.interagency.gateway.testing;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A private H2 in-memory database with the gateway's Flyway migrations applied, for ledger and tracking tests. */
public final class MigratedDatabase {

    private MigratedDatabase() {
    }

    /** Creates a new database with the migrated tables and no rows, kept until the JVM exits, and returns a client for it. */
    public static JdbcClient create() {
        return JdbcClient.create(dataSource());
    }

    /** Creates a new migrated database, as {@link #create()} does, and returns its data source. */
    public static DataSource dataSource() {
        DriverManagerDataSource dataSource =
                new DriverManagerDataSource("jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return dataSource;
    }
}
