package org.interagency.gateway.config;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import jakarta.jms.ConnectionFactory;
import org.interagency.gateway.admin.DeadLetters;
import org.interagency.gateway.api.CamelCalls;
import org.interagency.gateway.api.OperationOutcomes;
import org.interagency.gateway.api.StartupGate;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.directory.DirectoryLoader;
import org.interagency.gateway.envelope.EnvelopeOpener;
import org.interagency.gateway.envelope.EnvelopeSealer;
import org.interagency.gateway.envelope.SignedContent;
import org.interagency.gateway.envelope.VerificationSettings;
import org.interagency.gateway.exchange.Acknowledgements;
import org.interagency.gateway.exchange.Delivery;
import org.interagency.gateway.exchange.OpenedMessageStore;
import org.interagency.gateway.exchange.Opening;
import org.interagency.gateway.exchange.PeerClient;
import org.interagency.gateway.exchange.Sealing;
import org.interagency.gateway.fhir.MessageValidator;
import org.interagency.gateway.inbox.Inbox;
import org.interagency.gateway.intake.Intake;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.consent.ConsentStore;
import org.interagency.gateway.exchange.PolicySealing;
import org.interagency.gateway.ledger.SubjectPseudonym;
import org.interagency.gateway.policy.MouRepository;
import org.interagency.gateway.policy.PolicyEngine;
import org.interagency.gateway.receipt.Receipts;
import org.interagency.gateway.tracking.MessageTracker;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires the gateway's parts from its settings; the routes reach the step beans by name. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    /** Name of the Spring SSL bundle holding the gateway's TLS key and trust store. */
    public static final String TLS_BUNDLE = "gateway";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    @Bean
    Directory directory(GatewayProperties properties, Environment environment) {
        Directory directory = DirectoryLoader.load(properties.resolve(properties.getDirectoryFile()),
                environment::resolveRequiredPlaceholders);
        if (directory.county(properties.getCounty()).isEmpty()) {
            throw new InvalidConfigurationException("gateway.county is '" + properties.getCounty()
                    + "', which directory " + properties.resolve(properties.getDirectoryFile()) + " does not list; use one of "
                    + directory.counties().stream().map(c -> c.id()).toList());
        }
        return directory;
    }

    @Bean
    MouRepository mouRepository(GatewayProperties properties, Directory directory) {
        return MouRepository.load(properties.resolve(properties.getMouFolder()), directory);
    }

    @Bean
    GatewayKeys gatewayKeys(GatewayProperties properties) {
        return new GatewayKeys(properties);
    }

    @Bean
    MessageValidator messageValidator(FhirContext fhir) {
        MessageValidator validator = new MessageValidator(fhir);
        validator.warmUp();
        return validator;
    }

    @Bean
    Ledger ledger(JdbcClient jdbc, PlatformTransactionManager transactionManager, GatewayProperties properties,
            Clock clock, SubjectPseudonym subjectPseudonym) {
        return new Ledger(jdbc, transactionManager, properties.getCounty(), clock, subjectPseudonym);
    }

    @Bean
    MessageTracker messageTracker(JdbcClient jdbc, Clock clock) {
        return new MessageTracker(jdbc, clock);
    }

    @Bean
    OpenedMessageStore openedMessageStore(JdbcClient jdbc, Clock clock, GatewayProperties properties) {
        return new OpenedMessageStore(jdbc, clock, properties.getBinding().replayRetention());
    }

    @Bean
    OperationOutcomes operationOutcomes(FhirContext fhir) {
        return new OperationOutcomes(fhir);
    }

    @Bean
    StartupGate startupGate(OperationOutcomes outcomes) {
        return new StartupGate(outcomes);
    }

    @Bean
    CamelCalls camelCalls(ProducerTemplate template) {
        return new CamelCalls(template);
    }

    @Bean
    PeerClient peerClient(SslBundles bundles, Directory directory, GatewayProperties properties) {
        return new PeerClient(bundles.getBundle(TLS_BUNDLE).createSslContext(), directory, properties.getDelivery());
    }

    @Bean
    Receipts receipts(FhirContext fhir, GatewayKeys keys, Directory directory, GatewayProperties properties, Clock clock) {
        return new Receipts(fhir, new SignedContent(verificationSettings(properties)), keys, directory,
                properties.getCounty(), clock);
    }

    @Bean
    Intake intake(MessageValidator validator, Directory directory, PolicyEngine policy, ConsentStore consents,
            MessageTracker tracker, Ledger ledger, Clock clock, GatewayProperties properties) {
        return new Intake(validator, directory, policy, consents, tracker, ledger, clock, properties.getBinding());
    }

    @Bean
    Sealing sealing(Directory directory, GatewayKeys keys, MessageTracker tracker, Ledger ledger, Clock clock,
            PolicyEngine policy, ConsentStore consents) {
        return new Sealing(directory, keys, new EnvelopeSealer(), tracker, ledger, clock,
                new PolicySealing(policy, consents, directory, tracker, ledger, clock));
    }

    @Bean
    Delivery delivery(PeerClient peers, Receipts receipts, MessageTracker tracker, Ledger ledger,
            GatewayProperties properties, PolicyEngine policy, ConsentStore consents, Clock clock) {
        return new Delivery(peers, receipts, tracker, ledger, properties.getDelivery().getMaximumRedeliveries(), policy,
                consents, clock);
    }

    @Bean
    Opening opening(MessageValidator validator, GatewayKeys keys, Directory directory, PolicyEngine policy,
            OpenedMessageStore opened, Receipts receipts, Ledger ledger, GatewayProperties properties, Clock clock) {
        EnvelopeOpener opener = new EnvelopeOpener(properties.getIntake().getMaxBodySize().toBytes(),
                verificationSettings(properties));
        return new Opening(opener, validator, keys, directory, policy, opened, receipts, ledger,
                properties.getCounty(), clock, properties.getBinding());
    }

    @Bean
    Inbox inbox(JmsTemplate jms, JdbcClient jdbc, Ledger ledger, Clock clock) {
        return new Inbox(jms, jdbc, ledger, clock);
    }

    @Bean
    DeadLetters deadLetters(ConnectionFactory connections, MessageTracker tracker) {
        return new DeadLetters(connections, tracker);
    }

    @Bean
    Acknowledgements acknowledgements(Receipts receipts, PeerClient peers, MessageTracker tracker, Ledger ledger,
            GatewayProperties properties) {
        return new Acknowledgements(receipts, peers, tracker, ledger, properties.getDelivery().getMaximumRedeliveries());
    }

    /**
     * Broker redelivery for the queues that talk to partner gateways, from
     * {@code gateway.delivery.*}: a rolled-back delivery comes back after a growing delay. The
     * routes give up one attempt before the broker would, so they can record the failure. The
     * broker's own dead-letter address catches what a stopped gateway left behind.
     */
    @Bean
    ArtemisConfigurationCustomizer brokerAddressSettings(GatewayProperties properties) {
        GatewayProperties.Delivery delivery = properties.getDelivery();
        return configuration -> {
            configuration.addAddressSetting("#", new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of("DLQ"))
                    .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                    .setMaxDeliveryAttempts(10)
                    .setRedeliveryDelay(1000));
            for (String queue : new String[] {"gateway.outbound", "gateway.receipts.outbound"}) {
                configuration.addAddressSetting(queue, new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(queue + ".dead"))
                        .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                        .setMaxDeliveryAttempts(delivery.getMaximumRedeliveries() + 2)
                        .setRedeliveryDelay(delivery.getRedeliveryDelay().toMillis())
                        .setRedeliveryMultiplier(delivery.getBackoffMultiplier())
                        .setMaxRedeliveryDelay(delivery.getMaximumRedeliveryDelay().toMillis()));
            }
        };
    }

    private static VerificationSettings verificationSettings(GatewayProperties properties) {
        return properties.getEnvelope().toVerificationSettings(properties.getConfigDir());
    }

    /** Loads the county's own route files from {@code gateway.routes-folder} when it exists. */
    @Bean
    CamelContextConfiguration countyRoutes(GatewayProperties properties) {
        return new CountyRoutes(properties.resolve(properties.getRoutesFolder()));
    }
}
