package org.interagency.gateway.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.interagency.gateway.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryTest {

    private static final Agency ALAMEDA_PROBATION = new Agency("alameda.probation", "Probation", "probation", "alameda", true);
    private static final Agency ALAMEDA_PROBATION_DEPUTY =
            new Agency("alameda.probation-deputy", "Deputy probation", "probation", "alameda", false);
    private static final Agency CONTRA_COSTA_SHERIFF =
            new Agency("contra-costa.sheriff", "Sheriff", "law-enforcement", "contra-costa", false);
    private static final Agency CONTRA_COSTA_WELFARE_NORTH =
            new Agency("contra-costa.welfare-north", "Child welfare north", "child-welfare", "contra-costa", true);
    private static final Agency CONTRA_COSTA_WELFARE_SOUTH =
            new Agency("contra-costa.welfare-south", "Child welfare south", "child-welfare", "contra-costa", true);

    private final Directory directory = new Directory("test-network", List.of(
            county("alameda", ALAMEDA_PROBATION_DEPUTY, ALAMEDA_PROBATION),
            county("contra-costa", CONTRA_COSTA_SHERIFF, CONTRA_COSTA_WELFARE_NORTH, CONTRA_COSTA_WELFARE_SOUTH)),
            List.of());

    @Test
    void resolvesAgencyUrn() {
        Agency agency = directory.resolve("urn:agency:contra-costa.sheriff");

        assertThat(agency).isEqualTo(CONTRA_COSTA_SHERIFF);
    }

    @Test
    void resolvesPointPersonOfKind() {
        Agency agency = directory.resolve("urn:point-person:alameda:probation");

        assertThat(agency).isEqualTo(ALAMEDA_PROBATION);
    }

    @Test
    void rejectsUnknownAgency() {
        String endpoint = "urn:agency:alameda.sheriff";

        assertThatThrownBy(() -> directory.resolve(endpoint))
                .isInstanceOf(UnknownRecipientException.class)
                .hasMessageContaining(endpoint)
                .hasMessageContaining("test-network");
    }

    @Test
    void rejectsUnknownCounty() {
        String endpoint = "urn:point-person:marin:probation";

        assertThatThrownBy(() -> directory.resolve(endpoint))
                .isInstanceOf(UnknownRecipientException.class)
                .hasMessageContaining(endpoint)
                .hasMessageContaining("county marin");
    }

    @Test
    void rejectsKindWithoutPointPerson() {
        String endpoint = "urn:point-person:contra-costa:law-enforcement";

        assertThatThrownBy(() -> directory.resolve(endpoint))
                .isInstanceOf(UnknownRecipientException.class)
                .hasMessageContaining(endpoint)
                .hasMessageContaining("matches 0 point persons");
    }

    @Test
    void rejectsTwoPointPersonsOfKind() {
        String endpoint = "urn:point-person:contra-costa:child-welfare";

        assertThatThrownBy(() -> directory.resolve(endpoint))
                .isInstanceOf(UnknownRecipientException.class)
                .hasMessageContaining(endpoint)
                .hasMessageContaining("matches 2 point persons");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mailto:probation@example.org", "urn:agency", "urn:point-person:alameda",
            "urn:point-person:alameda:probation:extra", "urn:point-person:"})
    void rejectsMalformedEndpoint(String endpoint) {
        assertThatThrownBy(() -> directory.resolve(endpoint))
                .isInstanceOf(UnknownRecipientException.class)
                .hasMessageContaining(endpoint);
    }

    @Test
    void rejectsNullEndpoint() {
        assertThatThrownBy(() -> directory.resolve(null))
                .isInstanceOf(UnknownRecipientException.class)
                .hasMessageContaining("destination endpoint null");
    }

    @Test
    void unknownRecipientCarriesItsCode() {
        assertThatThrownBy(() -> directory.resolve("urn:agency:nowhere.none"))
                .isInstanceOfSatisfying(UnknownRecipientException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_RECIPIENT));
    }

    private static County county(String id, Agency... agencies) {
        return new County(id, id, URI.create("https://" + id + ".example.org:8443"), List.of(), List.of(agencies));
    }
}
