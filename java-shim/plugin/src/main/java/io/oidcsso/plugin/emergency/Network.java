package io.oidcsso.plugin.emergency;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One allowed network of {@code emergency.allowedNetworks}: an address and a prefix length. Only
 * literal addresses: a host name would need a DNS lookup (which {@link InetAddress#getByName} would
 * do for anything that is not a literal, so the text is checked first).
 */
public record Network(byte[] address, int prefix) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    /** {@code 10.0.0.0/8}, {@code 192.168.1.7} (= /32), {@code 2001:db8::/32}; empty when not one. */
    public static Optional<Network> parse(String text) {
        int slash = text.indexOf('/');
        String literal = slash < 0 ? text : text.substring(0, slash);
        Optional<byte[]> address = literal(literal);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int max = address.get().length * 8;
        int prefix = max;
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(digits);
            if (prefix > max) {
                return Optional.empty();
            }
        }
        Network network = new Network(address.get(), prefix);
        // Bits set after the prefix: the core refuses such a document, so it is not ours to guess.
        return network.contains(address.get()) && isMasked(address.get(), prefix) ? Optional.of(network)
                : Optional.empty();
    }

    /** The bytes of a literal IPv4 or IPv6 address (no DNS), else empty. */
    public static Optional<byte[]> literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        if (v4) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.startsWith("0"))) {
                    return Optional.empty();
                }
            }
        }
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress();
            if (!v4 && bytes.length == 4) {
                // Java turns ::ffff:a.b.c.d into an IPv4 address; the core keeps it IPv6, and so do we.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return Optional.of(mapped);
            }
            return Optional.of(bytes);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code candidate} (4 or 16 bytes) lies in this network; another family never does. */
    public boolean contains(byte[] candidate) {
        if (candidate.length != address.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != address[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (address[full] & mask);
    }

    private static boolean isMasked(byte[] address, int prefix) {
        for (int bit = prefix; bit < address.length * 8; bit++) {
            if ((address[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                return false;
            }
        }
        return true;
    }

    /** As the core writes it: {@code 10.0.0.0/8}, {@code 2001:db8:0:0:0:0:0:0/32} (Java's IPv6 text). */
    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(address).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            return "?/" + prefix;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Network n && n.prefix == prefix && java.util.Arrays.equals(n.address, address);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(address) * 31 + prefix;
    }
}
