package org.interagency.gateway.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.directory.County;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.envelope.EnvelopeSealer;
import org.interagency.gateway.envelope.SigningIdentity;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.fhir.ParsedMessage;
import org.interagency.gateway.policy.MouRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/gateway seal}: signs a FHIR message Bundle as an agency and encrypts it to each
 * recipient county's gateway, as the sealing route does, without a running gateway. The
 * recipients are the MessageHeader destinations resolved through the directory of
 * {@code --config}. With one recipient county the envelope goes to {@code --out}; with several,
 * each county's envelope goes to {@code <out>.<county>}.
 */
@Command(name = "seal", mixinStandardHelpOptions = true,
        description = "Sign a FHIR message Bundle as an agency of --config and encrypt it to the gateway of each recipient county.")
final class SealCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "AGENCY",
            description = "Agency id that signs, such as alameda.juvenile-hall; it must be the MessageHeader sender.")
    String from;

    @Option(names = "--in", required = true, paramLabel = "BUNDLE", description = "FHIR message Bundle file, JSON or XML.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "ENVELOPE",
            description = "DER envelope file to write; with several recipient counties, one file <ENVELOPE>.<county> per county.")
    Path out;

    @Option(names = "--config", paramLabel = "DIR",
            description = "Configuration of the sending county's gateway: directory, MOUs and gateway.keys.* (default: config/demo/alameda).")
    Path config;

    // NOTE: unlike the sealing route, seal neither withholds entries nor names the MOU versions
    // in the MessageHeader, so a receiving gateway rejects its envelope with MOU_VERSION_MISMATCH
    // unless the Bundle already carries the mou-binding extensions (docs/policy.md).
    @Override
    public Integer call() throws Exception {
        CountyConfig county = CountyConfig.load(Configs.folder(config));
        byte[] bundle = CommandFiles.read("--in", in, "the FHIR message Bundle to seal");
        ParsedMessage message = CommandFiles.validate("--in " + in, bundle);
        Agency sender = sender(county, message);

        Map<String, List<Agency>> recipients = recipientsByCounty(county, sender, message);
        SigningIdentity identity = county.keys().agencySigning(sender.id());
        EnvelopeSealer sealer = new EnvelopeSealer();
        for (Map.Entry<String, List<Agency>> recipientCounty : recipients.entrySet()) {
            County target = county.directory().county(recipientCounty.getKey()).orElseThrow();
            byte[] envelope = sealer.seal(bundle, identity, target.validEncryptionCertificates(Instant.now()));

            Path file = recipients.size() == 1 ? out : Path.of(out + "." + target.id());
            CommandFiles.write("--out", file, envelope);
            spec.commandLine().getOut().println("sealed message " + message.messageId() + " from " + sender.id() + " for "
                    + target.id() + " " + recipientCounty.getValue().stream().map(Agency::id).toList() + " into " + file);
        }
        return 0;
    }

    /** Checks that {@code --from} is the MessageHeader sender and an agency of the configured county. */
    private Agency sender(CountyConfig county, ParsedMessage message) {
        if (!message.senderAgency().equals(from)) {
            throw new IllegalArgumentException("--from " + from + " is not the MessageHeader sender "
                    + message.senderAgency() + " of message " + message.messageId() + "; pass --from "
                    + message.senderAgency() + " or correct MessageHeader.sender");
        }
        Agency sender = county.directory().agency(from).orElseThrow(() -> new IllegalArgumentException("--from " + from
                + " is not an agency of the directory of " + county.folder() + "; use an agency id it lists"));
        if (!sender.county().equals(county.county())) {
            throw new IllegalArgumentException("--from " + from + " belongs to " + sender.county() + ", but --config "
                    + county.folder() + " is the gateway of " + county.county() + "; pass the configuration of "
                    + sender.county());
        }
        return sender;
    }

    /**
     * Resolves every destination and checks it against this gateway's MOUs, as intake does:
     * one destination without a covering clause stops the whole message.
     */
    private static Map<String, List<Agency>> recipientsByCounty(CountyConfig county, Agency sender, ParsedMessage message) {
        Directory directory = county.directory();
        MouRepository mous = county.mous();
        LocalDate today = LocalDate.now();
        Map<String, List<Agency>> byCounty = new TreeMap<>();
        for (String destination : message.destinationEndpoints()) {
            Agency recipient = directory.resolve(destination);
            mous.findCoveringClause(sender, recipient, message.exchangeType(), today)
                    .orElseThrow(() -> new GatewayException(ErrorCode.NO_MOU_CLAUSE, "the MOUs of " + county.folder()
                            + " have no active clause letting " + sender.id() + " send " + message.exchangeType() + " to "
                            + recipient.id() + " (message " + message.messageId() + "); add one or remove the destination"));
            byCounty.computeIfAbsent(recipient.county(), id -> new ArrayList<>()).add(recipient);
        }
        return byCounty;
    }
}
