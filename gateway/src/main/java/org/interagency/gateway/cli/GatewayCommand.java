package org.interagency.gateway.cli;

public final class GatewayCommand {
    public static void main(String[] args) {
    }
}
