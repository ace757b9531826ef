package io.oidcsso.refhost.plugin;

import java.util.Locale;

/**
 * Where a plugin servlet filter runs, in chain order. The host's own security filter (the
 * Seraph SecurityFilter equivalent) sits between {@link #BEFORE_LOGIN} and
 * {@link #BEFORE_DECORATION}.
 */
public enum FilterLocation {
    AFTER_ENCODING("after-encoding"),
    BEFORE_LOGIN("before-login"),
    BEFORE_DECORATION("before-decoration"),
    BEFORE_DISPATCH("before-dispatch");

    private final String attribute;

    FilterLocation(String attribute) {
        this.attribute = attribute;
    }

    public String attribute() {
        return attribute;
    }

    /** The location named by a descriptor's {@code location} attribute (the framework default is before-dispatch). */
    public static FilterLocation fromAttribute(String value) {
        if (value == null || value.isBlank()) {
            return BEFORE_DISPATCH;
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (FilterLocation location : values()) {
            if (location.attribute.equals(wanted)) {
                return location;
            }
        }
        throw new DescriptorException("unknown servlet-filter location `" + value
                + "`; expected one of after-encoding, before-login, before-decoration, before-dispatch");
    }
}
