package io.oidcsso.plugin.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@link HostRequirements} equal to what the plugin really uses (the constant pools of the
 * compiled plugin classes: every Atlassian class, and every Atlassian method and field they call or
 * read; the services of oidc-sso-context.xml), and checks {@link HostRequirements#missing} and
 * {@link HostCheck} against class loaders and service registries that lack something.
 */
class HostRequirementsTest {
    private static final Path CLASSES = Path.of(System.getProperty("oidcsso.test.classes"));
    private static final String AUTH_LISTENER = "com.atlassian.sal.api.auth.AuthenticationListener";

    @Test
    void listWhenComparedWithThePluginsBytecodeThenSameClasses() throws IOException {
        Set<String> listed = new TreeSet<>(HostRequirements.CLASSES);
        listed.addAll(HostRequirements.BITBUCKET_CLASSES);
        assertEquals(listed, scan().classes);
    }

    @Test
    void listWhenComparedWithThePluginsBytecodeThenSameMethodsAndFields() throws IOException {
        Set<String> listed = new TreeSet<>();
        HostRequirements.MEMBERS.forEach(m -> listed.add(m.kind() + " " + m + " : " + m.type()));
        HostRequirements.BITBUCKET_MEMBERS.forEach(m -> listed.add(m.kind() + " " + m + " : " + m.type()));
        assertEquals(listed, scan().members);
    }

    @Test
    void servicesWhenComparedWithTheSpringContextThenSame() throws IOException {
        String xml = Files.readString(CLASSES.resolve("META-INF/spring/oidc-sso-context.xml"));
        Matcher m = Pattern.compile("<osgi:reference[^>]*interface=\"([^\"]+)\"").matcher(xml);
        Set<String> imported = new TreeSet<>();
        while (m.find()) {
            imported.add(m.group(1));
        }
        assertEquals(imported, new TreeSet<>(HostRequirements.SERVICES));
        assertTrue(xml.matches("(?s).*<bean id=\"hostCheck\"[^>]*HostCheck\"/>.*"), "the self-check bean");
        assertEquals(HostRequirements.SERVICES.size(),
                xml.split("<osgi:reference depends-on=\"hostCheck\" availability=\"optional\"", -1).length - 1,
                "every reference optional and after the self-check");
    }

    @Test
    void missingWhenEverythingPresentThenEmpty() {
        assertEquals(List.of(), HostRequirements.missing(getClass().getClassLoader(), service -> true));
    }

    @Test
    void missingWhenBitbucketWithoutUserServiceThenNamesItElseBitbucketItemsNotChecked() {
        String userService = HostRequirements.BITBUCKET_SERVICES.get(0);
        ClassLoader notBitbucket = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("com.atlassian.bitbucket.")) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };

        assertEquals(List.of("service " + userService),
                HostRequirements.missing(getClass().getClassLoader(), service -> !service.equals(userService)));
        assertEquals(List.of(), HostRequirements.missing(notBitbucket, service -> !service.equals(userService)),
                "another product: no Bitbucket class, nothing Bitbucket's is required");
    }

    @Test
    void missingWhenAServiceIsNotRegisteredThenNamesIt() {
        assertEquals(List.of("service " + AUTH_LISTENER),
                HostRequirements.missing(getClass().getClassLoader(), service -> !service.equals(AUTH_LISTENER)));
    }

    @Test
    void missingWhenAClassIsAbsentThenNamesTheClass() {
        ClassLoader without = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(AUTH_LISTENER)) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
        // The class is named once; its members are not listed again.
        assertEquals(List.of("class " + AUTH_LISTENER), HostRequirements.missing(without, service -> true));
    }

    @Test
    void memberWhenNameOrTypesDifferThenAbsent() {
        ClassLoader loader = getClass().getClassLoader();
        assertTrue(new HostRequirements.Member("java.lang.String", "isBlank", "boolean", List.of(), false).presentIn(loader));
        assertFalse(new HostRequirements.Member("java.lang.String", "isBlank", "int", List.of(), false).presentIn(loader));
        assertFalse(new HostRequirements.Member("java.lang.String", "isBlanc", "boolean", List.of(), false).presentIn(loader));
        assertFalse(new HostRequirements.Member("java.lang.String", "<init>", "void", List.of("java.util.Set"), false)
                .presentIn(loader));
    }

    @Test
    void hostCheckWhenAServiceIsMissingThenFailsWithUnsupportedProductVersion() {
        HostCheck.UnsupportedProductException e = assertThrows(HostCheck.UnsupportedProductException.class,
                () -> new HostCheck(getClass().getClassLoader(), service -> !service.equals(AUTH_LISTENER)));
        assertEquals("unsupported product version: missing service " + AUTH_LISTENER, e.getMessage());
    }

    @Test
    void hostCheckWhenNothingIsMissingThenPasses() {
        new HostCheck(getClass().getClassLoader(), service -> true);
    }

    /** What the compiled plugin classes reference in {@code com.atlassian}. */
    private static final class Scan {
        final Set<String> classes = new TreeSet<>();
        final Set<String> members = new TreeSet<>();
    }

    private static Scan scan() throws IOException {
        Scan scan = new Scan();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(CLASSES.resolve("io"))) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertFalse(files.isEmpty(), "no classes under " + CLASSES);
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                readConstantPool(new DataInputStream(in), scan);
            }
        }
        return scan;
    }

    /** Reads a class file's constant pool (JVMS §4.4) and records the com/atlassian classes and member references. */
    private static void readConstantPool(DataInputStream in, Scan scan) throws IOException {
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        int[][] refs = new int[count][];
        int[] tags = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> refs[i] = new int[] {in.readUnsignedShort()};
                case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        for (int i = 1; i < count; i++) {
            if (tags[i] == 7) {
                String name = (String) pool[refs[i][0]];
                String element = name.startsWith("[") ? name.replaceAll("^\\[+L?", "").replace(";", "") : name;
                if (element.startsWith("com/atlassian/")) {
                    scan.classes.add(element.replace('/', '.'));
                }
            } else if (tags[i] == 9 || tags[i] == 10 || tags[i] == 11) {
                String owner = (String) pool[refs[refs[i][0]][0]];
                if (!owner.startsWith("com/atlassian/")) {
                    continue;
                }
                int[] nameAndType = refs[refs[i][1]];
                String name = (String) pool[nameAndType[0]];
                String descriptor = (String) pool[nameAndType[1]];
                String ownerName = owner.replace('/', '.');
                if (tags[i] == 9) {
                    scan.members.add("field " + ownerName + "." + name + " : " + javaType(descriptor));
                } else {
                    List<String> parameters = parameters(descriptor);
                    String returns = javaType(descriptor.substring(descriptor.indexOf(')') + 1));
                    String kind = name.equals("<init>") ? "constructor" : "method";
                    scan.members.add(kind + " " + ownerName + "." + name + "(" + String.join(", ", parameters) + ") : "
                            + returns);
                }
            }
        }
    }

    private static List<String> parameters(String descriptor) {
        List<String> out = new ArrayList<>();
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            int start = i;
            while (descriptor.charAt(i) == '[') {
                i++;
            }
            if (descriptor.charAt(i) == 'L') {
                i = descriptor.indexOf(';', i);
            }
            i++;
            out.add(javaType(descriptor.substring(start, i)));
        }
        return out;
    }

    private static String javaType(String descriptor) {
        return switch (descriptor) {
            case "V" -> "void";
            case "Z" -> "boolean";
            case "I" -> "int";
            case "J" -> "long";
            default -> {
                if (descriptor.startsWith("L")) {
                    yield descriptor.substring(1, descriptor.length() - 1).replace('/', '.');
                }
                throw new IllegalArgumentException("no Java name for descriptor " + descriptor
                        + " in this list: extend HostRequirements.load and this test");
            }
        };
    }
}
