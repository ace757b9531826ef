package com.atlassian.bitbucket.i18n;

/**
 * Stub of bitbucket-api's {@code KeyedMessage} ([JAVADOC] 7.12.0, 9.6.0: a class, constructor
 * {@code (String key, String localisedMessage, String rootMessage)}, the three getters).
 */
public class KeyedMessage {
    private final String key;
    private final String localisedMessage;
    private final String rootMessage;

    public KeyedMessage(String key, String localisedMessage, String rootMessage) {
        this.key = key;
        this.localisedMessage = localisedMessage;
        this.rootMessage = rootMessage;
    }

    public String getKey() {
        return key;
    }

    public String getLocalisedMessage() {
        return localisedMessage;
    }

    public String getRootMessage() {
        return rootMessage;
    }
}
