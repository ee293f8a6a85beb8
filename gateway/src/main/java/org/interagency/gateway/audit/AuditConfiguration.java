package org.interagency.gateway.audit;

import java.nio.file.Path;
import java.time.Clock;
import org.interagency.gateway.config.GatewayKeys;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.envelope.SignedContent;
import org.interagency.gateway.exchange.PeerClient;
import org.interagency.gateway.ledger.CheckpointSignatures;
import org.interagency.gateway.ledger.CheckpointStore;
import org.interagency.gateway.ledger.Checkpoints;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerVerifier;
import org.interagency.gateway.ledger.SubjectPseudonym;
import org.interagency.gateway.ledger.TimestampAuthority;
import org.interagency.gateway.policy.MouActivations;
import org.interagency.gateway.policy.MouRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;

/**
 * Wires the audit side of the ledger: the subject pseudonym key, checkpoints with their
 * time-stamping authority and witnesses, verification and the retention purge. Routes
 * {@code ledger-checkpoint} and {@code retention-purge} reach beans {@code checkpoints} and
 * {@code retentionPurge} by name.
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

    @Bean
    SubjectPseudonym subjectPseudonym(GatewayProperties properties) {
        return SubjectPseudonym.fromKeyFile(pseudonymKeyFile(properties), properties.getLedger().isPseudonymKeyCreate());
    }

    @Bean
    CheckpointStore checkpointStore(JdbcClient jdbc) {
        return new CheckpointStore(jdbc);
    }

    @Bean
    CheckpointSignatures checkpointSignatures(GatewayProperties properties, Directory directory) {
        return new CheckpointSignatures(signedContent(properties), directory.trustAnchors());
    }

    @Bean
    Checkpoints checkpoints(Ledger ledger, CheckpointStore store, CheckpointSignatures signatures, GatewayKeys keys,
            Directory directory, PeerClient peers, GatewayProperties properties, Clock clock) {
        GatewayProperties.LedgerSettings settings = properties.getLedger();
        TimestampAuthority timestamps = null;
        if (settings.getTimestampAuthorityUrl() == null) {
            log.warn("gateway.ledger.timestamp-authority-url is not set: ledger checkpoints are signed and witnessed "
                    + "but carry no RFC 3161 time-stamp token");
        } else {
            timestamps = new TimestampAuthority(settings.getTimestampAuthorityUrl(), settings.getTimestampTimeout());
        }
        return new Checkpoints(ledger, store, signatures, keys.receiptSigning(), directory, peers, timestamps, clock,
                settings.getCheckpointEveryEntries(), settings.getCheckpointInterval());
    }

    /** Records SETTINGS_CHANGED when the configuration files differ from the last start's. */
    @Bean
    ApplicationRunner settingsChanges(Ledger ledger, JdbcClient jdbc, GatewayProperties properties) {
        return arguments -> SettingsChanges.recordAtStart(ledger, jdbc, properties);
    }

    /**
     * Records MOU_ACTIVATED for each active MOU version not recorded before.
     * NOTE: this runs only at start. An MOU whose effective date arrives while the gateway
     * runs is recorded at the next start, although the policy engine applies it at once.
     */
    @Bean
    ApplicationRunner mouActivations(Ledger ledger, JdbcClient jdbc, MouRepository mous, Clock clock) {
        return arguments -> MouActivations.recordAtStart(ledger, jdbc, mous, clock);
    }

    @Bean
    LedgerVerifier ledgerVerifier(Ledger ledger, CheckpointStore store, CheckpointSignatures signatures) {
        return new LedgerVerifier(ledger, store, signatures);
    }

    @Bean
    RetentionPurge retentionPurge(JdbcClient jdbc, JmsTemplate jms, Ledger ledger, Clock clock, GatewayProperties properties) {
        return new RetentionPurge(jdbc, jms, ledger, clock, properties.getRetention().getDefaultDays());
    }

    /** Returns the pseudonym key file: the setting resolved against the configuration folder, or {@code <data-dir>/pseudonym.key}. */
    public static Path pseudonymKeyFile(GatewayProperties properties) {
        Path configured = properties.getLedger().getPseudonymKeyFile();
        return configured == null ? properties.getDataDir().resolve("pseudonym.key") : properties.resolve(configured);
    }

    /** Returns the CMS signer and verifier with the envelope settings of the configuration. */
    public static SignedContent signedContent(GatewayProperties properties) {
        return new SignedContent(properties.getEnvelope().toVerificationSettings(properties.getConfigDir()));
    }
}
