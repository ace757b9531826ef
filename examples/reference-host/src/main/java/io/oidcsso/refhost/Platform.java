package io.oidcsso.refhost;

import javax.servlet.Servlet;

/**
 * The Atlassian platform this host jar imitates, fixed when the jar is built: reference-host.jar is
 * Platform 7 (javax.servlet 4 on Jetty ee8, Spring 5.3 under the Blueprint extender, Java 17+);
 * reference-host-jakarta.jar is the same classes transformed to jakarta.servlet, so Platform 8
 * (jakarta.servlet 6 on Jetty ee10, Spring 6, Java 21+). Read from the servlet API the classes
 * were linked against, never from a string (the transformation rewrites names, not versions).
 */
public enum Platform {
    PLATFORM_7("7", "4.0.1", 17),
    PLATFORM_8("8", "6.0.0", 21);

    private final String number;
    private final String servletVersion;
    private final int minimumJava;

    Platform(String number, String servletVersion, int minimumJava) {
        this.number = number;
        this.servletVersion = servletVersion;
        this.minimumJava = minimumJava;
    }

    /** The platform of this host jar. */
    public static Platform current() {
        return Servlet.class.getName().startsWith("jakarta.") ? PLATFORM_8 : PLATFORM_7;
    }

    /** The servlet API's base package ({@code javax.servlet} or {@code jakarta.servlet}). */
    public String servletPackage() {
        return Servlet.class.getPackageName();
    }

    /** The servlet API version the system bundle exports (Platform 8 products run Tomcat 10.1: Servlet 6.0). */
    public String servletVersion() {
        return servletVersion;
    }

    /** The oldest Java the products of this platform run on. */
    public int minimumJava() {
        return minimumJava;
    }

    @Override
    public String toString() {
        return "Platform " + number + " (" + servletPackage() + " " + servletVersion + ")";
    }
}
