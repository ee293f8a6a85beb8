package org.interagency.gateway.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.interagency.gateway.directory.Agency;
import org.interagency.gateway.policy.MouCanonicalForm;
import org.interagency.gateway.policy.MouRepository;
import org.interagency.gateway.policy.MouSignatures;
import org.interagency.gateway.policy.SignedMou;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/gateway mou}: checks and signs MOU files. */
@Command(name = "mou", mixinStandardHelpOptions = true, description = "Validate and sign MOU files.",
        subcommands = {MouCommand.Validate.class, MouCommand.Sign.class})
final class MouCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return GatewayCommand.missingCommand(spec);
    }

    /** Reads and checks the MOU file against the directory of {@code county}, failing with a one-line reason if it is missing. */
    static SignedMou read(Path file, CountyConfig county) {
        CommandFiles.read("FILE", file, "an MOU file such as config/demo/alameda/mous/mou-victim-advocacy.yml");
        return MouRepository.read(file.toAbsolutePath(), county.directory(), Instant.now());
    }

    /**
     * {@code mou validate FILE}: the schema, the agencies against the directory of
     * {@code --config}, the dates and every signature; prints what is missing. Exits 0 only
     * when the MOU is active today.
     */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check an MOU file's schema, agencies, dates and signatures, and print what is missing.")
    static final class Validate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "MOU file (YAML).")
        Path file;

        @Option(names = "--config", paramLabel = "DIR",
                description = "County configuration whose directory and trust anchors to check against (default: config/demo/alameda).")
        Path config;

        @Override
        public Integer call() throws Exception {
            CountyConfig county = CountyConfig.load(Configs.folder(config));
            SignedMou mou = read(file, county);

            PrintWriter out = spec.commandLine().getOut();
            out.println("MOU " + mou.mou().id() + " version " + mou.mou().version() + ": " + mou.mou().title());
            out.println("  dates:      " + mou.mou().effective() + " to " + mou.mou().expires());
            out.println("  clauses:    " + mou.mou().clauses().size());
            out.println("  digest:     " + mou.digest());
            out.println("  signed by:  " + mou.signedBy());
            out.println("  missing:    " + mou.missingParties());

            String inactive = mou.inactiveReason(LocalDate.now());
            if (inactive != null) {
                throw new IllegalArgumentException("MOU " + mou.mou().id() + " is valid but inactive because " + inactive
                        + (mou.missingParties().isEmpty() ? "" : "; each missing party runs 'bin/gateway mou sign --as AGENCY "
                                + file + " --config <its county's configuration folder>'"));
            }
            out.println("  status:     active today");
            return 0;
        }
    }

    /** {@code mou sign --as AGENCY FILE}: adds that party's detached CMS signature over the canonical form. */
    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Sign an MOU file as one of its parties: writes <FILE>.sig/<AGENCY>.p7s.")
    static final class Sign implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--as", required = true, paramLabel = "AGENCY",
                description = "Party that signs, such as alameda.probation; its key comes from gateway.keys.agency-signing-folder of --config.")
        String agency;

        @Parameters(paramLabel = "FILE", description = "MOU file (YAML).")
        Path file;

        @Option(names = "--config", paramLabel = "DIR",
                description = "Configuration of the signing agency's county, which contains its key (default: config/demo/alameda).")
        Path config;

        @Override
        public Integer call() throws Exception {
            CountyConfig county = CountyConfig.load(Configs.folder(config));
            Path mouFile = file.toAbsolutePath();
            SignedMou mou = read(file, county);
            Agency signer = checkSigner(county, mou);

            Path signature = MouSignatures.sign(mouFile, MouCanonicalForm.read(mouFile), signer.id(),
                    county.keys().agencySigning(signer.id()));

            SignedMou signed = MouRepository.read(mouFile, county.directory(), Instant.now());
            spec.commandLine().getOut().println("signed MOU " + mou.mou().id() + " version " + mou.mou().version() + " ("
                    + signed.digest() + ") as " + signer.id() + " into " + signature + "; still missing: " + signed.missingParties());
            return 0;
        }

        private Agency checkSigner(CountyConfig county, SignedMou mou) {
            if (!mou.mou().parties().contains(agency)) {
                throw new IllegalArgumentException("--as " + agency + " is not a party of MOU " + mou.mou().id()
                        + "; sign as one of " + mou.mou().parties());
            }
            Agency signer = county.directory().agency(agency).orElseThrow();
            if (!signer.county().equals(county.county())) {
                throw new IllegalArgumentException("--as " + agency + " belongs to " + signer.county() + ", but --config "
                        + county.folder() + " holds the keys of " + county.county() + "; pass the configuration of "
                        + signer.county());
            }
            return signer;
        }
    }
}
