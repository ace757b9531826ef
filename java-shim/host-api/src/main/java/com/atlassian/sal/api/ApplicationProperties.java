package com.atlassian.sal.api;

/** Stub of SAL's ApplicationProperties (sal-api 5.1.4, [DECL]): the constants and the members the plugin calls. */
public interface ApplicationProperties {
    String PLATFORM_BAMBOO = "bamboo";
    String PLATFORM_BITBUCKET = "bitbucket";
    String PLATFORM_CONFLUENCE = "conf";
    String PLATFORM_CROWD = "crowd";
    String PLATFORM_FECRU = "fisheye";
    String PLATFORM_JIRA = "jira";
    String PLATFORM_STASH = "stash";

    String getBaseUrl(UrlMode urlMode);

    String getDisplayName();

    String getPlatformId();

    String getVersion();
}
