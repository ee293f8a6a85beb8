package org.interagency.gateway.directory;

/** An organisation in a county, such as {@code alameda.probation}. */
public record Agency(String id, String name, String kind, String county, boolean pointPerson) {
}
