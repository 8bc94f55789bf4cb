package ecosystem.neo4j;

import java.nio.file.Path;
import java.time.Duration;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded, reachable only over Bolt on loopback.
 *
 * <p>Usage: {@code Launcher HOME PORT PAGECACHE_MB TX_TIMEOUT_S}. The main thread blocks until
 * SIGTERM or SIGINT, whose shutdown hook closes the store cleanly.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: Launcher HOME PORT PAGECACHE_MB TX_TIMEOUT_S");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCacheMb = Long.parseLong(args[2]);
        long txTimeoutSeconds = Long.parseLong(args[3]);

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutSeconds))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown, "neo4j-shutdown"));
        System.out.println("ecosystem-neo4j: bolt on 127.0.0.1:" + port + ", home " + home);
        System.out.flush();
        Thread.currentThread().join();
    }
}
