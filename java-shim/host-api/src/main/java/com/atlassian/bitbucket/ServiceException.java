package com.atlassian.bitbucket;

import com.atlassian.bitbucket.i18n.KeyedMessage;

/**
 * Stub of bitbucket-api's base exception ([JAVADOC] 9.2.1/9.3.0: {@code extends RuntimeException}, constructors
 * {@code (KeyedMessage)} and {@code (KeyedMessage, Throwable)}, {@code getKeyedMessage()}). Only its members the
 * plugin or the reference host use.
 */
public class ServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient KeyedMessage keyedMessage;

    public ServiceException(KeyedMessage message) {
        this(message, null);
    }

    public ServiceException(KeyedMessage message, Throwable cause) {
        super(message.getRootMessage(), cause);
        this.keyedMessage = message;
    }

    public KeyedMessage getKeyedMessage() {
        return keyedMessage;
    }

    @Override
    public String getLocalizedMessage() {
        return keyedMessage.getLocalisedMessage();
    }
}
