package com.atlassian.crowd.exception.runtime;

/** Stub of Crowd's unchecked GroupNotFoundException ([DECL] superclass); constructor UNVERIFIED. */
public class GroupNotFoundException extends CrowdRuntimeException {
    private static final long serialVersionUID = 1L;

    public GroupNotFoundException(String groupName) {
        super(groupName);
    }
}
