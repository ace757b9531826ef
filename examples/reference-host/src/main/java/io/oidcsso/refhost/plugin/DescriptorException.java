package io.oidcsso.refhost.plugin;

/** The plugin's atlassian-plugin.xml cannot be loaded as written. */
public final class DescriptorException extends RuntimeException {
    public DescriptorException(String message) {
        super(message);
    }

    public DescriptorException(String message, Throwable cause) {
        super(message, cause);
    }
}
