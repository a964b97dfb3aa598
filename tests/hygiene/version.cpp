// hygiene.version: the macros in <svdkit/version.hpp> must equal project(VERSION), which the
// top-level CMakeLists.txt reads from that same header. The build passes PROJECT_VERSION_* in
// as EXPECTED_*; a mismatch (say, a regex that stopped matching) fails to compile.
#include <cstdio>
#include <cstring>
#include <svdkit/version.hpp>

static_assert(SVDKIT_VERSION_MAJOR == EXPECTED_MAJOR, "SVDKIT_VERSION_MAJOR != project(VERSION) major");
static_assert(SVDKIT_VERSION_MINOR == EXPECTED_MINOR, "SVDKIT_VERSION_MINOR != project(VERSION) minor");
static_assert(SVDKIT_VERSION_PATCH == EXPECTED_PATCH, "SVDKIT_VERSION_PATCH != project(VERSION) patch");
static_assert(SVDKIT_VERSION == EXPECTED_MAJOR * 10000 + EXPECTED_MINOR * 100 + EXPECTED_PATCH,
              "SVDKIT_VERSION disagrees with its parts");

int main() {
    if (std::strcmp(SVDKIT_VERSION_STRING, EXPECTED_STRING) != 0) {
        std::printf("SVDKIT_VERSION_STRING is %s, project(VERSION) is %s\n", SVDKIT_VERSION_STRING, EXPECTED_STRING);
        return 1;
    }
    std::printf("svdkit %s (SVDKIT_VERSION %d) matches project(VERSION)\n", SVDKIT_VERSION_STRING, SVDKIT_VERSION);
}
