package io.oidcsso.refhost.plugin;

import javax.servlet.Servlet;

/** A started servlet module. */
record ServletModule(ServletModuleDescriptor descriptor, Servlet servlet, boolean unrestricted) {}
