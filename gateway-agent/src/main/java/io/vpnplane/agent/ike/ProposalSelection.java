package io.vpnplane.agent.ike;

import io.vpnplane.agent.crypto.ChildSaTransforms;

import io.vpnplane.agent.crypto.IkeSaTransforms;

import io.vpnplane.agent.crypto.DiffieHellmanGroup;
import io.vpnplane.agent.crypto.EncryptionAlgorithm;
import io.vpnplane.agent.crypto.IntegrityAlgorithm;
import io.vpnplane.agent.crypto.PseudoRandomFunction;
import io.vpnplane.agent.ike.message.Proposal;
import io.vpnplane.agent.ike.message.ProtocolId;
import io.vpnplane.agent.ike.message.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds our proposals from a tunnel's settings and picks the peer's proposal that matches them
 * (RFC 7296 §2.7). A tunnel configures exactly one algorithm set per phase, as the cloud API does,
 * so matching means "the peer's proposal contains each of our transforms".
 */
final class ProposalSelection {

    private static final int ESN_NONE = 0;
    private static final int ESN_USED = 1;

    private ProposalSelection() {
    }

    static Proposal ikeProposal(TunnelConfig.IkeSettings ike, byte[] spi) {
        List<Transform> transforms = new ArrayList<>();
        transforms.add(encryptionTransform(ike.encryption()));
        transforms.add(Transform.of(Transform.TYPE_PRF, ike.prf().transformId()));
        ike.integrity().ifPresent(i -> transforms.add(Transform.of(Transform.TYPE_INTEGRITY, i.transformId())));
        ike.dhGroups().forEach(g -> transforms.add(Transform.of(Transform.TYPE_DH, g.transformId())));
        return new Proposal(1, ProtocolId.IKE, spi, transforms);
    }

    /** The IKE proposal for an IKE SA rekey: only the group we will send a KE for. */
    static Proposal ikeProposal(IkeSaTransforms suite, byte[] spi) {
        List<Transform> transforms = new ArrayList<>();
        transforms.add(encryptionTransform(suite.encryption()));
        transforms.add(Transform.of(Transform.TYPE_PRF, suite.prf().transformId()));
        suite.integrity().ifPresent(i -> transforms.add(Transform.of(Transform.TYPE_INTEGRITY, i.transformId())));
        transforms.add(Transform.of(Transform.TYPE_DH, suite.group().transformId()));
        return new Proposal(1, ProtocolId.IKE, spi, transforms);
    }

    /** Our offer: with ESN configured both ESN and no ESN, preferring ESN (RFC 7296 §3.3.2). */
    static Proposal childProposal(TunnelConfig.IpsecSettings ipsec, int spi, boolean withPfs) {
        return childProposal(ipsec, spi, withPfs, ipsec.extendedSequenceNumbers()
                ? List.of(ESN_USED, ESN_NONE) : List.of(ESN_NONE));
    }

    private static Proposal childProposal(TunnelConfig.IpsecSettings ipsec, int spi, boolean withPfs,
                                          List<Integer> esnChoices) {
        List<Transform> transforms = new ArrayList<>();
        transforms.add(encryptionTransform(ipsec.encryption()));
        ipsec.integrity().ifPresent(i -> transforms.add(Transform.of(Transform.TYPE_INTEGRITY, i.transformId())));
        if (withPfs) {
            ipsec.pfsGroup().ifPresent(g -> transforms.add(Transform.of(Transform.TYPE_DH, g.transformId())));
        }
        esnChoices.forEach(esn -> transforms.add(Transform.of(Transform.TYPE_ESN, esn)));
        return new Proposal(1, ProtocolId.ESP, spiBytes(spi), transforms);
    }

    static byte[] spiBytes(int spi) {
        return new byte[] {(byte) (spi >>> 24), (byte) (spi >>> 16), (byte) (spi >>> 8), (byte) spi};
    }

    static int spiOf(byte[] spi) {
        return spi.length == 4 ? ((spi[0] & 0xff) << 24) | ((spi[1] & 0xff) << 16) | ((spi[2] & 0xff) << 8)
                | (spi[3] & 0xff) : 0;
    }

    private static Transform encryptionTransform(EncryptionAlgorithm encryption) {
        return new Transform(Transform.TYPE_ENCRYPTION, encryption.transformId(), encryption.keyLengthAttribute());
    }

    /** A matching IKE proposal: the peer's proposal (for its number/SPI) and the suite chosen from it. */
    record IkeMatch(Proposal proposal, IkeSaTransforms suite) {
    }

    /**
     * Picks the first peer proposal that contains our encryption, PRF and integrity and at least one
     * of our DH groups; the group is {@code preferredGroup} when that proposal offers it.
     */
    static Optional<IkeMatch> selectIke(List<Proposal> offered, EncryptionAlgorithm encryption,
                                        PseudoRandomFunction prf, Optional<IntegrityAlgorithm> integrity,
                                        List<DiffieHellmanGroup> groups, int preferredGroup) {
        for (Proposal proposal : offered) {
            if (proposal.protocolId() != ProtocolId.IKE || !hasEncryption(proposal, encryption)
                    || !has(proposal, Transform.TYPE_PRF, prf.transformId())
                    || !integrityMatches(proposal, integrity)) {
                continue;
            }
            Optional<DiffieHellmanGroup> group = groups.stream()
                    .filter(g -> g.transformId() == preferredGroup && has(proposal, Transform.TYPE_DH, preferredGroup))
                    .findFirst()
                    .or(() -> groups.stream().filter(g -> has(proposal, Transform.TYPE_DH, g.transformId())).findFirst());
            if (group.isPresent()) {
                return Optional.of(new IkeMatch(proposal, new IkeSaTransforms(encryption, prf, integrity, group.get())));
            }
        }
        return Optional.empty();
    }

    record ChildMatch(Proposal proposal, ChildSaTransforms suite, boolean extendedSequenceNumbers) {
    }

    /**
     * Picks the first ESP proposal with our encryption and integrity, and ESN if we want it and it is
     * offered (no ESN otherwise). In IKE_AUTH
     * ({@code ignoreDh}) DH transforms do not matter (RFC 7296 §1.2); in CREATE_CHILD_SA the proposal
     * must offer our PFS group, or, with PFS disabled, no DH (or NONE).
     */
    static Optional<ChildMatch> selectChild(List<Proposal> offered, TunnelConfig.IpsecSettings ipsec, boolean ignoreDh) {
        Optional<DiffieHellmanGroup> wanted = ignoreDh ? Optional.empty() : ipsec.pfsGroup();
        for (Proposal proposal : offered) {
            if (proposal.protocolId() != ProtocolId.ESP || proposal.spi().length != 4
                    || !hasEncryption(proposal, ipsec.encryption()) || !integrityMatches(proposal, ipsec.integrity())) {
                continue;
            }
            List<Transform> esn = proposal.transformsOfType(Transform.TYPE_ESN);
            boolean withEsn = ipsec.extendedSequenceNumbers() && esn.stream().anyMatch(t -> t.transformId() == ESN_USED);
            if (!withEsn && !esn.isEmpty() && esn.stream().noneMatch(t -> t.transformId() == ESN_NONE)) {
                continue;
            }
            List<Transform> dh = proposal.transformsOfType(Transform.TYPE_DH);
            boolean dhOk = ignoreDh || wanted.map(g -> dh.stream().anyMatch(t -> t.transformId() == g.transformId()))
                    .orElse(dh.isEmpty() || dh.stream().anyMatch(t -> t.transformId() == 0));
            if (dhOk) {
                return Optional.of(new ChildMatch(proposal,
                        new ChildSaTransforms(ipsec.encryption(), ipsec.integrity(), wanted), withEsn));
            }
        }
        return Optional.empty();
    }

    private static boolean hasEncryption(Proposal proposal, EncryptionAlgorithm encryption) {
        return proposal.transformsOfType(Transform.TYPE_ENCRYPTION).stream()
                .anyMatch(t -> t.transformId() == encryption.transformId()
                        && t.keyLength().equals(encryption.keyLengthAttribute()));
    }

    private static boolean integrityMatches(Proposal proposal, Optional<IntegrityAlgorithm> integrity) {
        List<Transform> offered = proposal.transformsOfType(Transform.TYPE_INTEGRITY);
        return integrity.map(i -> offered.stream().anyMatch(t -> t.transformId() == i.transformId()))
                .orElse(offered.stream().allMatch(t -> t.transformId() == 0));
    }

    private static boolean has(Proposal proposal, int type, int id) {
        return proposal.transformsOfType(type).stream().anyMatch(t -> t.transformId() == id);
    }

    /** The single-proposal answer: the peer's proposal number with exactly the chosen transforms. */
    static Proposal answerIke(IkeMatch match, byte[] ourSpi) {
        Proposal ours = ikeProposal(match.suite(), ourSpi);
        return new Proposal(match.proposal().number(), ProtocolId.IKE, ourSpi, ours.transforms());
    }

    static Proposal answerChild(ChildMatch match, int ourSpi, TunnelConfig.IpsecSettings ipsec) {
        Proposal ours = childProposal(new TunnelConfig.IpsecSettings(ipsec.encryption(), ipsec.integrity(),
                match.suite().pfsGroup(), ipsec.lifetime()), ourSpi, match.suite().pfsGroup().isPresent(),
                List.of(match.extendedSequenceNumbers() ? ESN_USED : ESN_NONE));
        return new Proposal(match.proposal().number(), ProtocolId.ESP, spiBytes(ourSpi), ours.transforms());
    }

    /** Reads the suite from the single proposal a responder accepted. */
    static Optional<IkeSaTransforms> acceptedIke(Proposal accepted) {
        List<Transform> enc = accepted.transformsOfType(Transform.TYPE_ENCRYPTION);
        List<Transform> prf = accepted.transformsOfType(Transform.TYPE_PRF);
        List<Transform> integ = accepted.transformsOfType(Transform.TYPE_INTEGRITY).stream()
                .filter(t -> t.transformId() != 0).toList();
        List<Transform> dh = accepted.transformsOfType(Transform.TYPE_DH);
        if (enc.size() != 1 || prf.size() != 1 || integ.size() > 1 || dh.size() != 1) {
            return Optional.empty();
        }
        Optional<EncryptionAlgorithm> e = EncryptionAlgorithm.fromTransform(enc.getFirst().transformId(),
                enc.getFirst().keyLength());
        Optional<PseudoRandomFunction> p = PseudoRandomFunction.fromTransformId(prf.getFirst().transformId());
        Optional<IntegrityAlgorithm> i = integ.isEmpty() ? Optional.empty()
                : IntegrityAlgorithm.fromTransformId(integ.getFirst().transformId());
        Optional<DiffieHellmanGroup> g = DiffieHellmanGroup.fromTransformId(dh.getFirst().transformId());
        if (e.isEmpty() || p.isEmpty() || g.isEmpty() || (integ.isEmpty() != e.get().isAead())
                || (!integ.isEmpty() && i.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new IkeSaTransforms(e.get(), p.get(), i, g.get()));
    }
}
