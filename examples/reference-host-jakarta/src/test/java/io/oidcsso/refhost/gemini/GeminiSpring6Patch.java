package io.oidcsso.refhost.gemini;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Build step of the Platform 8 host (run by the pom at process-test-classes): makes Gemini
 * Blueprint 3.0.0.M01, built for Spring 5, link against Spring 6, the way Atlassian's own fork
 * (gemini.blueprint 4.0.0-atlassian-N, not on Maven Central) changed its source. Per class file:
 *
 * <ul>
 *   <li>{@code Assert.notNull(Object)}, {@code hasText(String)}, {@code notEmpty(Object[])}, removed in
 *       Spring 6, become the two-argument forms with Spring 5's default message;</li>
 *   <li>{@code AbstractBeanFactory.setSecurityContextProvider(..)} (Spring 6 removed security-manager
 *       support) is dropped (its two operands popped), and the one class implementing the removed
 *       {@code SecurityContextProvider} no longer declares it;</li>
 * </ul>
 * and in the manifest, the Spring import ranges {@code [5.0.0,6)} become {@code [5.0.0,7)}.
 * GeminiSpring6PatchTest proves the patched bytecode links against the Spring 6 bundles.
 *
 * <p>Usage: {@code GeminiSpring6Patch <dir with the original jars> <output dir>}.
 */
public final class GeminiSpring6Patch {
    static final String ASSERT = "org/springframework/util/Assert";
    static final String BEAN_FACTORY = "org/springframework/beans/factory/support/AbstractBeanFactory";
    static final String SECURITY_CONTEXT_PROVIDER = "org/springframework/beans/factory/support/SecurityContextProvider";
    private static final Pattern SPRING_RANGE = Pattern.compile(
            "(org\\.springframework\\.[a-z0-9.]+;version=\"\\[5\\.0\\.0,)6(\\)\")");

    private GeminiSpring6Patch() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: GeminiSpring6Patch <input dir> <output dir>");
        }
        Path out = Files.createDirectories(Path.of(args[1]));
        List<Path> jars;
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("no Gemini Blueprint jar in " + args[0]);
        }
        for (Path jar : jars) {
            Files.write(out.resolve(jar.getFileName()), patchJar(Files.readAllBytes(jar)));
        }
    }

    /** The jar with every class and the manifest patched. */
    static byte[] patchJar(byte[] jar) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            Manifest manifest = patchManifest(in.getManifest());
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    if (entry.isDirectory()) {
                        continue;
                    }
                    byte[] content = in.readAllBytes();
                    out.putNextEntry(new JarEntry(entry.getName()));
                    out.write(entry.getName().endsWith(".class") ? patchClass(content) : content);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    static Manifest patchManifest(Manifest manifest) {
        Manifest patched = new Manifest(manifest);
        java.util.jar.Attributes main = patched.getMainAttributes();
        for (Object name : List.copyOf(main.keySet())) {
            String value = main.getValue((java.util.jar.Attributes.Name) name);
            main.put(name, SPRING_RANGE.matcher(value).replaceAll("$17$2"));
        }
        return patched;
    }

    static byte[] patchClass(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        // COMPUTE_MAXS: a message constant adds one stack slot; control flow (frames) is unchanged.
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                String[] kept = interfaces == null ? null
                        : Arrays.stream(interfaces).filter(i -> !i.equals(SECURITY_CONTEXT_PROVIDER)).toArray(String[]::new);
                super.visit(version, access, name, signature, superName, kept);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new CallSites(super.visitMethod(access, name, descriptor, signature, exceptions));
            }
        }, 0);
        return writer.toByteArray();
    }

    /** Rewrites the call sites of the methods Spring 6 removed. */
    private static final class CallSites extends MethodVisitor {
        CallSites(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKESTATIC && owner.equals(ASSERT)) {
                String message = switch (name + descriptor) {
                    case "notNull(Ljava/lang/Object;)V" -> "[Assertion failed] - this argument is required; it must not be null";
                    case "hasText(Ljava/lang/String;)V" -> "[Assertion failed] - this String argument must have text; it must not be null, empty, or blank";
                    case "notEmpty([Ljava/lang/Object;)V" -> "[Assertion failed] - this array must not be empty: it must contain at least 1 element";
                    default -> null;
                };
                if (message != null) {
                    super.visitLdcInsn(message);
                    super.visitMethodInsn(opcode, owner, name, descriptor.replace(")V", "Ljava/lang/String;)V"), false);
                    return;
                }
            }
            if (owner.equals(BEAN_FACTORY) && name.equals("setSecurityContextProvider")) {
                super.visitInsn(Opcodes.POP2); // the bean factory and the provider
                return;
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }
    }

    /** For the test: the names of the jar's class entries. */
    static List<String> classNames(byte[] jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (entry.getName().endsWith(".class")) {
                    names.add(entry.getName());
                }
            }
        }
        return names;
    }
}
