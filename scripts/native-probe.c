/* Loads the native library the way the JVM does (dlopen, every symbol bound now) and looks
 * up the named JNI entry points: proves a library built here links and initialises on its
 * platform (scripts/check-native.sh runs the aarch64 one under qemu-aarch64). */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s LIBRARY [SYMBOL...]\n", argv[0]);
        return 64;
    }
    void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        fprintf(stderr, "dlopen failed: %s\n", dlerror());
        return 1;
    }
    int missing = 0;
    for (int i = 2; i < argc; i++) {
        if (dlsym(library, argv[i]) == NULL) {
            fprintf(stderr, "symbol not found: %s\n", argv[i]);
            missing++;
        }
    }
    printf("loaded, %d of %d entry points found\n", argc - 2 - missing, argc - 2);
    return missing == 0 ? 0 : 2;
}
