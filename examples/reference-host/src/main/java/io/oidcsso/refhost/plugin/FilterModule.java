package io.oidcsso.refhost.plugin;

import javax.servlet.Filter;

/** A started servlet-filter module. */
record FilterModule(FilterModuleDescriptor descriptor, Filter filter, boolean unrestricted) {}
