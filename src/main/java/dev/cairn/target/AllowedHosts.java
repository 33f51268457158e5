package dev.cairn.target;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code cairn.targets.allowed-hosts}: the host names, wildcards ({@code *.db.internal}) and address ranges
 * ({@code 10.0.0.0/8}, {@code fd00::/8}, a single address) a repo may point at, so an admin token cannot make Cairn
 * probe its own network. No rules: any host. A listed name or one under a listed wildcard is allowed whatever it
 * resolves to; any other host only while every address it resolves to lies in a listed range, which is checked at
 * registration and again right before each new connection, so a name that later resolves elsewhere is refused then.
 */
final class AllowedHosts {

    /** Refused before any packet left for the host. */
    static final class Refused extends SQLNonTransientConnectionException {
        private final String host;

        Refused(String host, String why) {
            super("host '" + host + "' " + why + ", so Cairn does not connect to it (cairn.targets.allowed-hosts)",
                    "08004");
            this.host = host;
        }

        String host() {
            return host;
        }
    }

    /** An address range: a network's leading bits. */
    private record Range(byte[] network, int bits) {
        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((a[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern NAME = Pattern.compile("(\\*\\.)?[a-z0-9_]([a-z0-9_.-]{0,252})");

    private final String rules;
    private final List<String> names = new ArrayList<>();
    private final List<String> suffixes = new ArrayList<>();
    private final List<Range> ranges = new ArrayList<>();

    /** @throws IllegalStateException for a rule that is none of a name, a wildcard, an address or a range */
    AllowedHosts(List<String> rules) {
        this.rules = String.join(",", rules);
        for (String raw : rules) {
            String rule = normalise(raw);
            if (rule.isEmpty()) {
                continue;
            }
            int slash = rule.indexOf('/');
            InetAddress address = literal(slash < 0 ? rule : rule.substring(0, slash));
            if (address != null) {
                int max = address.getAddress().length * 8;
                int bits = slash < 0 ? max : prefixLength(raw, rule.substring(slash + 1), max);
                ranges.add(new Range(address.getAddress(), bits));
            } else if (NAME.matcher(rule).matches() && slash < 0) {
                (rule.startsWith("*.") ? suffixes : names).add(rule.startsWith("*.") ? rule.substring(1) : rule);
            } else {
                throw new IllegalStateException("cairn.targets.allowed-hosts: '" + raw + "' is not a host name, a "
                        + "wildcard such as *.db.internal, an address or a range such as 10.0.0.0/8");
            }
        }
    }

    /** The rules as configured, to hand to {@link GuardedDriver} with each connection. */
    String rules() {
        return rules;
    }

    boolean any() {
        return names.isEmpty() && suffixes.isEmpty() && ranges.isEmpty();
    }

    /**
     * What the rules say without asking DNS: true or false, or null when only the addresses the name resolves to
     * can tell.
     */
    Boolean withoutResolving(String host) {
        String name = normalise(host);
        if (any() || names.contains(name) || suffixes.stream().anyMatch(name::endsWith)) {
            return true;
        }
        InetAddress address = literal(name);
        if (address != null) {
            return inRanges(address);
        }
        return ranges.isEmpty() ? false : null;
    }

    /** Resolves the host when the rules do not decide by name; every address it has must lie in a range. */
    void check(String host) throws Refused {
        Boolean decided = withoutResolving(host);
        if (decided != null) {
            if (!decided) {
                throw new Refused(host, "is not among the allowed hosts");
            }
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused(host, "does not resolve, so Cairn cannot tell whether it is inside the allowed ranges");
        }
        for (InetAddress address : addresses) {
            if (!inRanges(address)) {
                throw new Refused(host, "resolves to an address outside the allowed ranges");
            }
        }
    }

    private boolean inRanges(InetAddress address) {
        return ranges.stream().anyMatch(r -> r.contains(address));
    }

    private static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.contains("]")) {
            h = h.substring(1, h.indexOf(']')) + h.substring(h.indexOf(']') + 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** An IPv4 or IPv6 address written as one, parsed without asking DNS; null for anything else. */
    private static InetAddress literal(String text) {
        if (!IPV4.matcher(text).matches() && !text.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(text); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static int prefixLength(String raw, String text, int max) {
        try {
            int bits = Integer.parseInt(text);
            if (bits >= 0 && bits <= max) {
                return bits;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalStateException("cairn.targets.allowed-hosts: '" + raw + "' needs a prefix length from 0 to "
                + max);
    }
}
