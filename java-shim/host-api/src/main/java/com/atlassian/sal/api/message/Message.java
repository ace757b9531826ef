package com.atlassian.sal.api.message;

import java.io.Serializable;

/** Stub of SAL 5.1.4 {@code Message} (an i18n key with arguments). */
public interface Message extends Serializable {
    String getKey();

    Serializable[] getArguments();
}
