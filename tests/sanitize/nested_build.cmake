# Configures, builds and tests svdkit once more in a nested build tree, with other flags: the
# sanitizer run of the whole suite, the ThreadSanitizer run of the concurrency test, and the
# optimization-level runs of the property suite (tests/sanitize/CMakeLists.txt registers them).
#
#   cmake -DSOURCE_DIR=<checkout> -DBINARY_DIR=<nested build dir> -DGENERATOR=<generator>
#         [-DMAKE_PROGRAM=<make/ninja>] -DOPTIONS=<a|b|c> [-DTARGETS=<t1|t2>] [-DCTEST_ARGS=<a|b>]
#         -P nested_build.cmake
#
# Lists are separated by "%%" (a ";" would be split by add_test, and "|" occurs in regexes). No TARGETS: build everything. Fails,
# with the tool's output, at the first step that fails; a sanitizer report makes the test that
# triggered it fail (-fno-sanitize-recover=all), and so this step.
foreach(var SOURCE_DIR BINARY_DIR GENERATOR OPTIONS)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "nested_build.cmake: -D${var}=... is required")
    endif()
endforeach()
string(REPLACE "%%" ";" options "${OPTIONS}")
set(targets "")
if(DEFINED TARGETS AND NOT TARGETS STREQUAL "")
    string(REPLACE "%%" ";" target_list "${TARGETS}")
    set(targets --target ${target_list})
endif()
set(ctest_args "")
if(DEFINED CTEST_ARGS)
    string(REPLACE "%%" ";" ctest_args "${CTEST_ARGS}")
endif()
set(make_program "")
if(DEFINED MAKE_PROGRAM AND NOT MAKE_PROGRAM STREQUAL "")
    set(make_program "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()

string(TIMESTAMP t0 "%s")
execute_process(COMMAND "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${BINARY_DIR}" -G "${GENERATOR}" ${make_program}
                        ${options}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "nested configure failed (${rc}):\n${out}")
endif()
# Two jobs: CI has two cores, and ctest may run other tests beside this one.
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BINARY_DIR}" ${targets} --parallel 2
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "nested build failed (${rc}):\n${out}")
endif()
string(TIMESTAMP t1 "%s")
execute_process(COMMAND "${CMAKE_CTEST_COMMAND}" --test-dir "${BINARY_DIR}" --output-on-failure
                        --no-tests=error ${ctest_args}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
string(TIMESTAMP t2 "%s")
message("${out}")
math(EXPR build_s "${t1} - ${t0}")
math(EXPR test_s "${t2} - ${t1}")
message("nested build: configure+build ${build_s} s, ctest ${test_s} s")
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "nested ctest failed (${rc})")
endif()
