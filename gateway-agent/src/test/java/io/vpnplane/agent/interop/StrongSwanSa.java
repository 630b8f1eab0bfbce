package io.vpnplane.agent.interop;

import java.util.List;
import java.util.Optional;

/** strongSwan's view of SAs, read with {@code swanctl --list-sas --raw}. */
public final class StrongSwanSa {

    private StrongSwanSa() {
    }

    /**
     * One IKE SA. {@code uniqueId} grows with every new IKE SA charon creates, so a rekeyed SA shows a
     * higher id than the one it replaced; likewise for CHILD_SAs.
     *
     * @param state e.g. {@code CONNECTING}, {@code ESTABLISHED}, {@code REKEYING}, {@code DELETING}
     * @param initiatorSpi hex, as in the IKE header
     */
    public record IkeSa(String connection, long uniqueId, int version, String state, String localHost,
            String remoteHost, String localId, String remoteId, boolean initiator, String initiatorSpi,
            String responderSpi, Optional<String> encryptionAlgorithm, Optional<String> encryptionKeySize,
            Optional<String> integrityAlgorithm, Optional<String> prfAlgorithm, Optional<String> dhGroup,
            List<ChildSa> children) {

        public boolean established() {
            return state.equals("ESTABLISHED");
        }

        public Optional<ChildSa> child(String name) {
            return children.stream().filter(child -> child.name().equals(name)).findFirst();
        }
    }

    /**
     * One CHILD_SA.
     *
     * @param state e.g. {@code INSTALLED}, {@code REKEYING}, {@code REKEYED}, {@code DELETING}
     * @param spiIn hex SPI of the inbound ESP SA (what the peer puts in its packets)
     */
    public record ChildSa(String name, long uniqueId, String state, String protocol, boolean encapsulated,
            String spiIn, String spiOut, Optional<String> encryptionAlgorithm, Optional<String> encryptionKeySize,
            Optional<String> integrityAlgorithm, Optional<String> dhGroup, long bytesIn, long packetsIn,
            long bytesOut, long packetsOut, List<String> localTrafficSelectors, List<String> remoteTrafficSelectors) {

        public boolean installed() {
            return state.equals("INSTALLED");
        }
    }

    /** Reads every IKE SA of {@code swanctl --list-sas --raw} output. */
    public static List<IkeSa> parseListSas(String rawOutput) {
        return ViciSection.parseMessages(rawOutput, "list-sa event").stream()
                .flatMap(event -> event.sections().entrySet().stream())
                .map(entry -> ikeSa(entry.getKey(), entry.getValue()))
                .toList();
    }

    private static IkeSa ikeSa(String connection, ViciSection sa) {
        List<ChildSa> children = sa.section("child-sas")
                .map(section -> section.sections().values().stream().map(StrongSwanSa::childSa).toList())
                .orElse(List.of());
        return new IkeSa(connection, Long.parseLong(sa.require("uniqueid")), Integer.parseInt(sa.require("version")),
                sa.require("state"), sa.value("local-host").orElse(""), sa.value("remote-host").orElse(""),
                sa.value("local-id").orElse(""), sa.value("remote-id").orElse(""),
                sa.value("initiator").map("yes"::equals).orElse(false), sa.value("initiator-spi").orElse(""),
                sa.value("responder-spi").orElse(""), sa.value("encr-alg"), sa.value("encr-keysize"),
                sa.value("integ-alg"), sa.value("prf-alg"), sa.value("dh-group"), children);
    }

    private static ChildSa childSa(ViciSection child) {
        return new ChildSa(child.require("name"), Long.parseLong(child.require("uniqueid")), child.require("state"),
                child.value("protocol").orElse(""), child.value("encap").map("yes"::equals).orElse(false),
                child.value("spi-in").orElse(""), child.value("spi-out").orElse(""), child.value("encr-alg"),
                child.value("encr-keysize"), child.value("integ-alg"), child.value("dh-group"),
                number(child, "bytes-in"), number(child, "packets-in"), number(child, "bytes-out"),
                number(child, "packets-out"), child.list("local-ts"), child.list("remote-ts"));
    }

    private static long number(ViciSection section, String key) {
        return section.value(key).map(Long::parseLong).orElse(0L);
    }
}
