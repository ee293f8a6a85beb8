package org.interagency.gateway.cli;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.interagency.gateway.error.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/gateway}: the gateway's command line. Without {@code --config}, commands use the
 * demonstration configuration under {@code config/demo}, so a newcomer can try each at once.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, version = "Interagency Exchange Gateway 0.1.0",
        description = "County gateway for confidential interagency case messages.",
        subcommands = {RunCommand.class, DemoCommand.class, CertsCommand.class, SealCommand.class, OpenCommand.class,
            KeycloakCommand.class, MouCommand.class, PolicyCommand.class, AuditCommand.class})
public final class GatewayCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("run")) {
            // Commands other than run print their own progress; library INFO lines would bury it.
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        }

        int exitCode = commandLine().execute(args);
        if (exitCode != RunCommand.KEEP_RUNNING) {
            System.exit(exitCode);
        }
    }

    /**
     * Builds the command line with the handlers that turn a bad option into exit code 2 and a
     * failed command into exit code 1, each with a one-line reason on the error stream.
     */
    static CommandLine commandLine() {
        return new CommandLine(new GatewayCommand())
                .setParameterExceptionHandler(GatewayCommand::badParameters)
                .setExecutionExceptionHandler(GatewayCommand::failed);
    }

    /** Prints the usage to the error stream and fails, because a command is missing. */
    @Override
    public Integer call() {
        return missingCommand(spec);
    }

    /** Prints the usage of a command that needs a sub-command to the error stream, and returns 2. */
    static int missingCommand(CommandLine.Model.CommandSpec spec) {
        spec.commandLine().getErr().println("gateway: name a command; the commands are:");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Returns the folder the project was installed in; {@code bin/gateway} sets it. */
    static Path home() {
        return Path.of(System.getProperty("gateway.home", ".")).toAbsolutePath().normalize();
    }

    private static int badParameters(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName(" ").replaceFirst("^gateway ?", "");
        String help = "'bin/gateway " + (name.isEmpty() ? "" : name + " ") + "--help'";
        String problem = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !command.getSubcommands().isEmpty()
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            problem = "unknown command '" + unmatched.getUnmatched().get(0) + "'";
        }
        command.getErr().println("gateway: " + problem + "; run " + help + " for the commands and options");
        return 2;
    }

    private static int failed(Exception e, CommandLine command, CommandLine.ParseResult result) {
        command.getErr().println("gateway: " + reason(e));
        return 1;
    }

    /**
     * Returns the message of the gateway's own error in the cause chain, which names the file,
     * setting or value and the fix, rather than the framework's wrapper around it.
     */
    static String reason(Throwable failure) {
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof GatewayException) {
                return cause.getMessage();
            }
            root = cause;
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
