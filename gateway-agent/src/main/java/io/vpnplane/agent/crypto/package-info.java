/**
 * Cryptographic building blocks for IKE and ESP, in plain Java (no framework types).
 *
 * <p>Algorithm catalogues are enums carrying their IANA "IKEv2 Parameters" transform numbers, sizes,
 * the names used in vpnplane's own API ({@code configName}) and the strongSwan proposal keywords
 * ({@code strongSwanKeyword}):
 * <ul>
 *   <li>{@link io.vpnplane.agent.crypto.EncryptionAlgorithm} (transform type 1),</li>
 *   <li>{@link io.vpnplane.agent.crypto.PseudoRandomFunction} (type 2),</li>
 *   <li>{@link io.vpnplane.agent.crypto.IntegrityAlgorithm} (type 3),</li>
 *   <li>{@link io.vpnplane.agent.crypto.DiffieHellmanGroup} (type 4).</li>
 * </ul>
 *
 * <p>Threading model: the enums and records are immutable and thread-safe. The working objects they
 * create ({@link io.vpnplane.agent.crypto.Prf}, {@link io.vpnplane.agent.crypto.IntegrityChecker},
 * {@link io.vpnplane.agent.crypto.CbcCipher}, {@link io.vpnplane.agent.crypto.GcmCipher},
 * {@link io.vpnplane.agent.crypto.KeyExchange}) hold initialised JCE {@code Cipher}/{@code Mac}
 * instances and scratch buffers; they are NOT thread-safe. Create one per SA and direction (or per
 * thread) and never share it between threads; that is what keeps the per-packet path free of
 * allocation and key set-up.
 *
 * <p>IKEv2-specific derivations live in {@link io.vpnplane.agent.crypto.Ikev2KeySchedule} and
 * {@link io.vpnplane.agent.crypto.Ikev2SharedKeyAuthentication}, so IKEv1 can reuse everything else.
 */
package io.vpnplane.agent.crypto;
