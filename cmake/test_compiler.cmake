# The compiler of the `test` preset (CMakePresets.json names this file as its toolchain): clang++
# where it is installed and links an ASan+UBSan program (Debian: clang and libclang-rt-dev), else
# CMake's default (g++ on Debian, whose sanitizer runtimes come with it).
#
# Why: the test preset builds the suite under ASan+UBSan (issue 17: the instrumented suite is
# built once, as the main build), and most of CI is compiling it. clang++ 14 compiles the test
# drivers about 3x faster than g++ 12 at -O0 (solve.cpp: 7 against 20 CPU-s, 12 against 38 with
# the sanitizers) and the Eigen oracles 1.5-1.8x faster at -O3. g++ keeps its share of the
# checks: the optimization.* and sanitize.thread builds (tests/sanitize/), the header hygiene
# matrix and the release preset.
#
# A compiler chosen by the user (-DCMAKE_CXX_COMPILER=..., or CXX in the environment) wins.
if(NOT CMAKE_CXX_COMPILER AND NOT DEFINED ENV{CXX})
    find_program(SVDKIT_TEST_CLANGXX NAMES clang++)
    if(SVDKIT_TEST_CLANGXX)
        set(_svdkit_probe_dir ${CMAKE_BINARY_DIR}/CMakeFiles/svdkit_clang_probe)
        file(WRITE ${_svdkit_probe_dir}/probe.cpp "#include <vector>\nint main() { std::vector<int> v(2); return v[1]; }\n")
        execute_process(COMMAND ${SVDKIT_TEST_CLANGXX} -fsanitize=address,undefined probe.cpp -o probe
                        WORKING_DIRECTORY ${_svdkit_probe_dir} RESULT_VARIABLE _svdkit_probe_rc
                        OUTPUT_QUIET ERROR_QUIET)
        if(_svdkit_probe_rc EQUAL 0)
            set(CMAKE_CXX_COMPILER ${SVDKIT_TEST_CLANGXX})
        endif()
    endif()
endif()
