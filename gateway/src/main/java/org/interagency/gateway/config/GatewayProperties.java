package org.interagency.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.interagency.gateway.envelope.AlgorithmPolicy;
import org.interagency.gateway.envelope.VerificationSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Settings of one county gateway, under {@code gateway.*}. */
@Validated
@ConfigurationProperties("gateway")
public class GatewayProperties {

    /** Id of the county this gateway serves, as written in the directory (e.g. {@code alameda}). */
    @NotBlank
    private String county;

    /** Folder of this county's configuration; relative files below are resolved against it. */
    @NotNull
    private Path configDir = Path.of(".");

    /** Folder for the broker journal, the embedded database and other state. */
    @NotNull
    private Path dataDir = Path.of("data");

    /** Network directory file: counties, agencies, gateway endpoints and trust anchors. */
    @NotNull
    private Path directoryFile = Path.of("directory.yml");

    /** Folder of the MOU files ({@code *.yml}) this gateway enforces. */
    @NotNull
    private Path mouFolder = Path.of("mous");

    /** Folder of extra Camel route files ({@code *.yaml}) loaded at start when it exists. */
    @NotNull
    private Path routesFolder = Path.of("routes");

    /** Intake limits. */
    @Valid
    private final Intake intake = new Intake();

    /** Keys and certificates the gateway signs, opens and authenticates with. */
    @Valid
    private final Keys keys = new Keys();

    /** Delivery to partner gateways. */
    @Valid
    private final Delivery delivery = new Delivery();

    /** Algorithm policy and signer certificate checks for envelopes and receipts. */
    @Valid
    private final Envelope envelope = new Envelope();

    /** Time window of messages opened from partner gateways. */
    @Valid
    private final Binding binding = new Binding();

    /** Ledger checkpoints, their time-stamping authority and the subject pseudonym key. */
    @Valid
    private final LedgerSettings ledger = new LedgerSettings();

    /** How long stored payloads are kept. */
    @Valid
    private final Retention retention = new Retention();

    public String getCounty() {
        return county;
    }

    public void setCounty(String county) {
        this.county = county;
    }

    public Path getConfigDir() {
        return configDir;
    }

    public void setConfigDir(Path configDir) {
        this.configDir = configDir;
    }

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Path getDirectoryFile() {
        return directoryFile;
    }

    public void setDirectoryFile(Path directoryFile) {
        this.directoryFile = directoryFile;
    }

    public Path getMouFolder() {
        return mouFolder;
    }

    public void setMouFolder(Path mouFolder) {
        this.mouFolder = mouFolder;
    }

    public Path getRoutesFolder() {
        return routesFolder;
    }

    public void setRoutesFolder(Path routesFolder) {
        this.routesFolder = routesFolder;
    }

    public Intake getIntake() {
        return intake;
    }

    public Keys getKeys() {
        return keys;
    }

    public Delivery getDelivery() {
        return delivery;
    }

    public Envelope getEnvelope() {
        return envelope;
    }

    public Binding getBinding() {
        return binding;
    }

    public LedgerSettings getLedger() {
        return ledger;
    }

    public Retention getRetention() {
        return retention;
    }

    /** Resolves a configured path against the configuration folder unless it is absolute. */
    public Path resolve(Path path) {
        return configDir.resolve(path).normalize();
    }

    /** Intake limits. */
    public static class Intake {

        /** Largest message body accepted on the API; larger bodies get 413. */
        @NotNull
        private DataSize maxBodySize = DataSize.ofMegabytes(64);

        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }
    }

    /** Keys and certificates. Files are PKCS#12 unless the name says otherwise. */
    public static class Keys {

        /** Password of the PKCS#12 files below; in production pass it by environment variable. */
        private String password = "";

        /** Folder holding one signing keystore per agency, named {@code <agency-id>.p12}. */
        @NotNull
        private Path agencySigningFolder = Path.of("keys/agencies");

        /** Keystores whose private keys open envelopes sent to this gateway; all are tried. */
        @NotNull
        private List<Path> encryption = new ArrayList<>(List.of(Path.of("keys/gateway-encryption.p12")));

        /** Keystore the gateway signs its receipts with. */
        @NotNull
        private Path receiptSigning = Path.of("keys/gateway-signing.p12");

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public Path getAgencySigningFolder() {
            return agencySigningFolder;
        }

        public void setAgencySigningFolder(Path agencySigningFolder) {
            this.agencySigningFolder = agencySigningFolder;
        }

        public List<Path> getEncryption() {
            return encryption;
        }

        public void setEncryption(List<Path> encryption) {
            this.encryption = encryption;
        }

        public Path getReceiptSigning() {
            return receiptSigning;
        }

        public void setReceiptSigning(Path receiptSigning) {
            this.receiptSigning = receiptSigning;
        }
    }

    /** Delivery to partner gateways. */
    public static class Delivery {

        /** Time allowed to open a TLS connection to a partner gateway. */
        @NotNull
        private Duration connectTimeout = Duration.ofSeconds(10);

        /** Time allowed for a partner gateway to respond to one delivery. */
        @NotNull
        private Duration requestTimeout = Duration.ofSeconds(60);

        /** Redeliveries after the first attempt before a message goes to the dead-letter queue. */
        private int maximumRedeliveries = 6;

        /** Delay before the first redelivery; later delays grow by the backoff multiplier. */
        @NotNull
        private Duration redeliveryDelay = Duration.ofSeconds(2);

        /** Factor each redelivery delay is multiplied by. */
        private double backoffMultiplier = 2.0;

        /** Maximum delay between two redeliveries. */
        @NotNull
        private Duration maximumRedeliveryDelay = Duration.ofMinutes(5);

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        public int getMaximumRedeliveries() {
            return maximumRedeliveries;
        }

        public void setMaximumRedeliveries(int maximumRedeliveries) {
            this.maximumRedeliveries = maximumRedeliveries;
        }

        public Duration getRedeliveryDelay() {
            return redeliveryDelay;
        }

        public void setRedeliveryDelay(Duration redeliveryDelay) {
            this.redeliveryDelay = redeliveryDelay;
        }

        public double getBackoffMultiplier() {
            return backoffMultiplier;
        }

        public void setBackoffMultiplier(double backoffMultiplier) {
            this.backoffMultiplier = backoffMultiplier;
        }

        public Duration getMaximumRedeliveryDelay() {
            return maximumRedeliveryDelay;
        }

        public void setMaximumRedeliveryDelay(Duration maximumRedeliveryDelay) {
            this.maximumRedeliveryDelay = maximumRedeliveryDelay;
        }
    }

    /** Algorithm policy and signer certificate checks for envelopes and receipts. */
    public static class Envelope {

        /**
         * Counties whose envelopes may use AES-256-CBC EnvelopedData instead of AES-256-GCM.
         * CBC has no authentication tag, so allow it only for a named peer that cannot do GCM.
         */
        @NotNull
        private List<String> cbcAllowedPeers = new ArrayList<>();

        /** Allowed difference between the sender's clock and ours, for signing times and certificate validity. */
        @NotNull
        private Duration clockSkew = VerificationSettings.DEFAULT_CLOCK_SKEW;

        /** Folder of trusted CRL files ({@code *.crl}, {@code *.pem}); unset for none. */
        private Path crlFolder;

        /** Whether CRLs are downloaded from the HTTP CRL distribution points of signer certificates. */
        private boolean crlDistributionPoints = true;

        /** Connect and read timeout of one CRL download. */
        @NotNull
        private Duration crlFetchTimeout = VerificationSettings.DEFAULT_CRL_FETCH_TIMEOUT;

        /** Whether OCSP is asked first, with CRLs as fallback, for certificates that name a responder. */
        private boolean ocspEnabled = false;

        /** Builds the verifier settings, with the CRL folder resolved against {@code configDir}. */
        public VerificationSettings toVerificationSettings(Path configDir) {
            Path folder = crlFolder == null ? null : configDir.resolve(crlFolder).normalize();
            return new VerificationSettings(clockSkew, folder, crlDistributionPoints, crlFetchTimeout, ocspEnabled,
                    new AlgorithmPolicy(Set.copyOf(cbcAllowedPeers)));
        }

        public List<String> getCbcAllowedPeers() {
            return cbcAllowedPeers;
        }

        public void setCbcAllowedPeers(List<String> cbcAllowedPeers) {
            this.cbcAllowedPeers = cbcAllowedPeers;
        }

        public Duration getClockSkew() {
            return clockSkew;
        }

        public void setClockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
        }

        public Path getCrlFolder() {
            return crlFolder;
        }

        public void setCrlFolder(Path crlFolder) {
            this.crlFolder = crlFolder;
        }

        public boolean isCrlDistributionPoints() {
            return crlDistributionPoints;
        }

        public void setCrlDistributionPoints(boolean crlDistributionPoints) {
            this.crlDistributionPoints = crlDistributionPoints;
        }

        public Duration getCrlFetchTimeout() {
            return crlFetchTimeout;
        }

        public void setCrlFetchTimeout(Duration crlFetchTimeout) {
            this.crlFetchTimeout = crlFetchTimeout;
        }

        public boolean isOcspEnabled() {
            return ocspEnabled;
        }

        public void setOcspEnabled(boolean ocspEnabled) {
            this.ocspEnabled = ocspEnabled;
        }
    }

    /**
     * Time window of inbound messages. The MessageHeader timestamp ({@code Bundle.timestamp})
     * and the CMS signing time must both be at most {@code maxAge} plus {@code clockSkew} old
     * and at most {@code clockSkew} ahead of this gateway's clock.
     */
    public static class Binding {

        /** Oldest message accepted; the replay store keeps opened message ids this long plus twice the skew. */
        @NotNull
        private Duration maxAge = Duration.ofHours(24);

        /** Clock difference tolerated between gateways, in both directions. */
        @NotNull
        private Duration clockSkew = Duration.ofMinutes(5);

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        public Duration getClockSkew() {
            return clockSkew;
        }

        public void setClockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
        }

        /**
         * Returns how long an opened message id must stay in the replay store. A message may
         * carry a timestamp up to one skew ahead of the clock that opened it and is accepted
         * until its timestamp is max-age plus one skew old, so the id is needed for max-age
         * plus twice the skew after opening.
         */
        public Duration replayRetention() {
            return maxAge.plus(clockSkew.multipliedBy(2));
        }
    }

    /**
     * Ledger checkpoints and the subject pseudonym. A checkpoint is due after
     * {@code checkpointEveryEntries} new entries, or after {@code checkpointInterval} when at
     * least one entry is new. Route {@code ledger-checkpoint} checks every
     * {@code gateway.ledger.checkpoint-poll-period} (default 30s), a Camel placeholder.
     */
    public static class LedgerSettings {

        /** New entries after which a checkpoint is due. */
        @jakarta.validation.constraints.Min(1)
        private long checkpointEveryEntries = 100;

        /** Time after which a checkpoint is due when the ledger has new entries. */
        @NotNull
        private Duration checkpointInterval = Duration.ofMinutes(10);

        /** URL of the RFC 3161 time-stamping authority; unset for checkpoints without a token. */
        private java.net.URI timestampAuthorityUrl;

        /** Time allowed for the time-stamping authority to respond. */
        @NotNull
        private Duration timestampTimeout = Duration.ofSeconds(10);

        /**
         * File holding the county's secret key for subject pseudonyms, 32 bytes in hex. Unset
         * means {@code <data-dir>/pseudonym.key}.
         */
        private Path pseudonymKeyFile;

        /** Whether a missing pseudonym key file is created with a new random key at start. */
        private boolean pseudonymKeyCreate = true;

        public long getCheckpointEveryEntries() {
            return checkpointEveryEntries;
        }

        public void setCheckpointEveryEntries(long checkpointEveryEntries) {
            this.checkpointEveryEntries = checkpointEveryEntries;
        }

        public Duration getCheckpointInterval() {
            return checkpointInterval;
        }

        public void setCheckpointInterval(Duration checkpointInterval) {
            this.checkpointInterval = checkpointInterval;
        }

        public java.net.URI getTimestampAuthorityUrl() {
            return timestampAuthorityUrl;
        }

        public void setTimestampAuthorityUrl(java.net.URI timestampAuthorityUrl) {
            this.timestampAuthorityUrl = timestampAuthorityUrl;
        }

        public Duration getTimestampTimeout() {
            return timestampTimeout;
        }

        public void setTimestampTimeout(Duration timestampTimeout) {
            this.timestampTimeout = timestampTimeout;
        }

        public Path getPseudonymKeyFile() {
            return pseudonymKeyFile;
        }

        public void setPseudonymKeyFile(Path pseudonymKeyFile) {
            this.pseudonymKeyFile = pseudonymKeyFile;
        }

        public boolean isPseudonymKeyCreate() {
            return pseudonymKeyCreate;
        }

        public void setPseudonymKeyCreate(boolean pseudonymKeyCreate) {
            this.pseudonymKeyCreate = pseudonymKeyCreate;
        }
    }

    /**
     * Retention of payloads kept in inboxes and the envelope archive. Route
     * {@code retention-purge} deletes expired payloads every
     * {@code gateway.retention.purge-period} (default 1h), a Camel placeholder.
     */
    public static class Retention {

        /** Days a payload is kept when no MOU clause supplies its own retention. */
        @jakarta.validation.constraints.Min(1)
        private int defaultDays = 90;

        public int getDefaultDays() {
            return defaultDays;
        }

        public void setDefaultDays(int defaultDays) {
            this.defaultDays = defaultDays;
        }
    }
}
