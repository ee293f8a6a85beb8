package org.interagency.gateway.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.envelope.EnvelopeOpener;
import org.interagency.gateway.envelope.OpenedEnvelope;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.fhir.ParsedMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/gateway open}: decrypts an envelope with a county gateway's encryption keys,
 * verifies the signature and the signer's certificate path against the directory's trust
 * anchors, validates the message and writes the Bundle exactly as signed. It also runs the
 * binding checks that need no delivering gateway: the signer's agency is the MessageHeader
 * sender and at least one destination is an agency of {@code --as}.
 */
@Command(name = "open", mixinStandardHelpOptions = true,
        description = "Decrypt and verify an envelope sent to the gateway of --as and write the FHIR message Bundle.")
final class OpenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--as", required = true, paramLabel = "COUNTY",
            description = "County whose gateway the envelope was sent to; it must be gateway.county of --config.")
    String county;

    @Option(names = "--in", required = true, paramLabel = "ENVELOPE", description = "Envelope file, DER or BER.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "BUNDLE", description = "File to write the Bundle to, byte for byte as signed.")
    Path out;

    @Option(names = "--config", paramLabel = "DIR",
            description = "Configuration of the receiving county's gateway: directory and gateway.keys.encryption (default: config/demo/<COUNTY>).")
    Path config;

    @Override
    public Integer call() throws Exception {
        Path folder = Configs.folder(config != null ? config : GatewayCommand.home().resolve("config/demo").resolve(county));
        CountyConfig receiver = CountyConfig.load(folder);
        if (!receiver.county().equals(county)) {
            throw new IllegalArgumentException("--as " + county + " does not match gateway.county " + receiver.county()
                    + " of --config " + folder + "; pass the configuration folder of the " + county + " gateway");
        }
        byte[] envelope = CommandFiles.read("--in", in, "the envelope file to open");

        // NOTE: open does not apply the gateway's time window or replay store, because an archived
        // envelope is old by design. The envelope code still rejects a signing time in the future.
        EnvelopeOpener opener = new EnvelopeOpener(EnvelopeOpener.DEFAULT_MAX_ENVELOPE_SIZE,
                receiver.properties().getEnvelope().toVerificationSettings(receiver.folder()));
        OpenedEnvelope opened = opener.open(envelope, receiver.keys().decryptionKeys(),
                receiver.directory().trustAnchors(), Instant.now());
        ParsedMessage message = CommandFiles.validate("the Bundle in " + in, opened.content());
        checkBinding(receiver, opened, message);

        CommandFiles.write("--out", out, opened.content());
        spec.commandLine().getOut().println("opened message " + message.messageId() + " signed by " + opened.signerAgencyId()
                + " at " + opened.signingTime() + " into " + out);
        return 0;
    }

    private void checkBinding(CountyConfig receiver, OpenedEnvelope opened, ParsedMessage message) {
        if (!opened.signerAgencyId().equals(message.senderAgency())) {
            throw new GatewayException(ErrorCode.SIGNER_SENDER_MISMATCH, "message " + message.messageId() + " names sender "
                    + message.senderAgency() + " but was signed by " + opened.signerAgencyId() + "; the sender must sign as "
                    + message.senderAgency());
        }
        receiver.directory().agency(message.senderAgency()).orElseThrow(() -> new GatewayException(ErrorCode.SIGNER_NOT_AGENCY,
                "sender " + message.senderAgency() + " of message " + message.messageId() + " is not an agency of the directory of "
                        + receiver.folder()));

        boolean local = message.destinationEndpoints().stream()
                .map(receiver.directory()::resolve)
                .map(Agency::county)
                .anyMatch(county::equals);
        if (!local) {
            throw new GatewayException(ErrorCode.NO_LOCAL_DESTINATION, "no destination of message " + message.messageId()
                    + " is an agency of " + county + "; open it with --as set to a recipient county");
        }
    }
}
