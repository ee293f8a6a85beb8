package org.interagency.gateway.policy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.interagency.gateway.config.InvalidConfigurationException;
import org.interagency.gateway.config.YamlConfigFile;
import org.interagency.gateway.directory.Directory;

/**
 * Checks of an MOU that its JSON Schema cannot express: dates in order, parties and agencies
 * the directory lists, counties it serves, and ids used once. Each error names the file and
 * line and what to fix.
 */
final class MouChecks {

    private MouChecks() {
    }

    static void check(Path file, Mou mou, Directory directory) {
        if (mou.expires().isBefore(mou.effective())) {
            throw invalid(file, "/expires", "expires " + mou.expires() + " is before effective " + mou.effective()
                    + "; swap or correct the dates");
        }
        checkParties(file, mou, directory);
        Set<String> clauseIds = new HashSet<>();
        for (int c = 0; c < mou.clauses().size(); c++) {
            MouClause clause = mou.clauses().get(c);
            if (!clauseIds.add(clause.id())) {
                throw invalid(file, "/clauses/" + c + "/id", "clause id " + clause.id()
                        + " is used twice; give every clause of the MOU its own id");
            }
            checkSelectors(file, "/clauses/" + c + "/senders", clause, clause.senders(), directory);
            checkSelectors(file, "/clauses/" + c + "/recipients", clause, clause.recipients(), directory);
            for (int d = 0; d < clause.dataClasses().size(); d++) {
                String dataClass = clause.dataClasses().get(d);
                if (!DataClasses.knownClasses().contains(dataClass)) {
                    throw invalid(file, "/clauses/" + c + "/dataClasses/" + d, "clause " + clause.id() + " names data class "
                            + dataClass + ", which is not one of " + DataClasses.knownClasses() + "; correct the name");
                }
            }
            if (clause.consent().neverShared() && clause.dataClasses().isEmpty()) {
                throw invalid(file, "/clauses/" + c + "/dataClasses", "clause " + clause.id()
                        + " is never-shared but lists no data class; list the data classes that must never flow");
            }
        }
    }

    private static void checkParties(Path file, Mou mou, Directory directory) {
        Set<String> seen = new HashSet<>();
        for (int p = 0; p < mou.parties().size(); p++) {
            String party = mou.parties().get(p);
            if (!seen.add(party)) {
                throw invalid(file, "/parties/" + p, "party " + party + " is listed twice; list every party once");
            }
            if (directory.agency(party).isEmpty()) {
                throw invalid(file, "/parties/" + p, "party " + party
                        + " is not an agency of the directory; correct the id or add the agency to directory.yml");
            }
        }
    }

    private static void checkSelectors(Path file, String pointer, MouClause clause, List<PartySelector> selectors,
            Directory directory) {
        for (int s = 0; s < selectors.size(); s++) {
            PartySelector selector = selectors.get(s);
            if (selector.agency() != null && directory.agency(selector.agency()).isEmpty()) {
                throw invalid(file, pointer + "/" + s, "clause " + clause.id() + " names agency " + selector.agency()
                        + ", which the directory does not list; correct the id");
            }
            if (selector.counties() != null) {
                for (String county : selector.counties()) {
                    if (directory.county(county).isEmpty()) {
                        throw invalid(file, pointer + "/" + s, "clause " + clause.id() + " names county " + county
                                + ", which the directory does not list; correct the id");
                    }
                }
            }
        }
    }

    private static InvalidConfigurationException invalid(Path file, String pointer, String problem) {
        return new InvalidConfigurationException(YamlConfigFile.place(file, pointer) + ": " + problem);
    }
}
