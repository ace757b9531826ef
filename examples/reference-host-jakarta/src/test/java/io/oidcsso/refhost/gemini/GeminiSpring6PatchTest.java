package io.oidcsso.refhost.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The patched Gemini Blueprint bundles link against Spring 6 (the ServiceMix 6.1 bundles on the test
 * class path): every Spring class, method and field their bytecode names exists, except the few
 * reached only under a security manager (which Java 21+ cannot install). The same check finds the
 * removed methods in the original jars, so it can fail.
 */
class GeminiSpring6PatchTest {
    private static final Path ORIGINAL = Path.of(System.getProperty("gemini.original"));
    private static final Path PATCHED = Path.of(System.getProperty("gemini.patched"));
    private static final List<String> JARS = List.of("gemini-blueprint-io.jar", "gemini-blueprint-core.jar",
            "gemini-blueprint-extender.jar");
    /** Called only when System.getSecurityManager() is not null (SecurityUtils, OsgiServiceFactoryBean...). */
    private static final Set<String> SECURITY_MANAGER_ONLY = Set.of(
            "org/springframework/beans/factory/config/ConfigurableBeanFactory.getAccessControlContext()Ljava/security/AccessControlContext;");

    @Test
    void linkWhenPatchedThenEverySpringReferenceResolvesOnSpring6() throws IOException {
        Set<String> missing = new TreeSet<>();
        for (String jar : JARS) {
            missing.addAll(unresolved(Files.readAllBytes(PATCHED.resolve(jar))));
        }
        missing.removeAll(SECURITY_MANAGER_ONLY);
        assertEquals(Set.of(), missing);
    }

    @Test
    void linkWhenOriginalThenTheRemovedSpring5MethodsAreFound() throws IOException {
        Set<String> missing = new TreeSet<>();
        for (String jar : JARS) {
            missing.addAll(unresolved(Files.readAllBytes(ORIGINAL.resolve(jar))));
        }
        assertTrue(missing.contains("org/springframework/util/Assert.notNull(Ljava/lang/Object;)V"), missing.toString());
        assertTrue(missing.contains(GeminiSpring6Patch.SECURITY_CONTEXT_PROVIDER), missing.toString());
    }

    @Test
    void manifestWhenPatchedThenImportsSpringUpTo7AndKeepsTheRest() throws IOException {
        for (String jar : JARS) {
            String original = manifest(ORIGINAL.resolve(jar));
            String patched = manifest(PATCHED.resolve(jar));
            assertTrue(original.contains("version=\"[5.0.0,6)\""), jar);
            assertFalse(patched.contains("version=\"[5.0.0,6)\""), jar);
            assertTrue(patched.contains("org.springframework.beans;version=\"[5.0.0,7)\"")
                    || patched.contains("org.springframework.core.io;version=\"[5.0.0,7)\""), jar);
            assertEquals(original.replace("[5.0.0,6)", "[5.0.0,7)"), patched, jar);
            assertEquals(GeminiSpring6Patch.classNames(Files.readAllBytes(ORIGINAL.resolve(jar))),
                    GeminiSpring6Patch.classNames(Files.readAllBytes(PATCHED.resolve(jar))), jar);
        }
    }

    private static String manifest(Path jar) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            in.getManifest().write(out);
            return out.toString(java.nio.charset.StandardCharsets.UTF_8).replace("\r\n ", "").replace("\n ", "");
        }
    }

    /** The Spring members and classes the jar's bytecode names that Spring 6 lacks. */
    private static Set<String> unresolved(byte[] jar) throws IOException {
        Set<String> missing = new TreeSet<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (entry.getName().endsWith(".class")) {
                    new ClassReader(in.readAllBytes()).accept(new References(missing), ClassReader.SKIP_DEBUG);
                }
            }
        }
        return missing;
    }

    private static final class References extends ClassVisitor {
        private final Set<String> missing;

        References(Set<String> missing) {
            super(Opcodes.ASM9);
            this.missing = missing;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            type(superName);
            for (String i : interfaces) {
                type(i);
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            descriptorTypes(descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            descriptorTypes(descriptor);
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                    if (spring(owner) && !hasMethod(owner, method, desc)) {
                        missing.add(owner + "." + method + desc);
                    }
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String desc) {
                    if (spring(owner) && !hasField(owner, field)) {
                        missing.add(owner + "." + field);
                    }
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    type(type.startsWith("[") ? Type.getType(type).getElementType().getInternalName() : type);
                }
            };
        }

        private void descriptorTypes(String descriptor) {
            Type type = Type.getType(descriptor);
            List<Type> types = new ArrayList<>();
            if (type.getSort() == Type.METHOD) {
                types.addAll(List.of(type.getArgumentTypes()));
                types.add(type.getReturnType());
            } else {
                types.add(type);
            }
            for (Type t : types) {
                Type element = t.getSort() == Type.ARRAY ? t.getElementType() : t;
                if (element.getSort() == Type.OBJECT) {
                    type(element.getInternalName());
                }
            }
        }

        private void type(String internalName) {
            if (spring(internalName) && load(internalName) == null) {
                missing.add(internalName);
            }
        }
    }

    private static boolean spring(String internalName) {
        return internalName != null && internalName.startsWith("org/springframework/");
    }

    private static Class<?> load(String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, GeminiSpring6PatchTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static boolean hasMethod(String owner, String name, String descriptor) {
        Class<?> type = load(owner);
        if (type == null) {
            return false;
        }
        for (Class<?> c : hierarchy(type)) {
            List<Executable> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
            members.addAll(List.of(c.getDeclaredConstructors()));
            for (Executable member : members) {
                String memberName = member instanceof Constructor<?> ? "<init>" : member.getName();
                String memberDescriptor = member instanceof Method m ? Type.getMethodDescriptor(m)
                        : Type.getConstructorDescriptor((Constructor<?>) member);
                if (memberName.equals(name) && memberDescriptor.equals(descriptor)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasField(String owner, String name) {
        Class<?> type = load(owner);
        if (type == null) {
            return false;
        }
        for (Class<?> c : hierarchy(type)) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getName().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Class<?>> hierarchy(Class<?> type) {
        List<Class<?>> out = new ArrayList<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c != null && !out.contains(c)) {
                out.add(c);
                todo.push(c.getSuperclass() == null ? Object.class : c.getSuperclass());
                todo.addAll(List.of(c.getInterfaces()));
            }
        }
        return out;
    }
}
