package io.oidcsso.plugin.web;

/**
 * The client sent a request the plugin cannot read (parameters the container could not parse, a
 * repeated or oversized parameter): a 400 page, one INFO line, never a stack trace.
 */
final class MalformedRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedRequestException(String reason) {
        super(reason, null, false, false);
    }
}
