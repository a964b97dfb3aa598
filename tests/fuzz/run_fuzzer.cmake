# A bounded libFuzzer run of one target (issue 8), as a ctest test:
#
#   cmake -DCLANG=<clang++> -DTARGET_SOURCE=<target.cpp> -DINCLUDES=<dir1%%dir2> -DSEEDS=<corpus dir>
#         -DWORK_DIR=<scratch> -DRUNS=<executions> -DSECONDS=<wall-time cap> [-DCORE_OBJECT=<core.o>]
#         -P run_fuzzer.cmake
#   cmake -DCLANG=<clang++> -DCORE_SOURCE=<instances.cpp> -DCORE_OBJECT=<core.o> -DINCLUDES=... -P run_fuzzer.cmake
#
# The second form (the fuzz.core test, a fixture of the runs) compiles svdkit's numerical core
# once with the fuzzing flags (coverage instrumentation included, so libFuzzer still sees its
# branches); a target given CORE_OBJECT is then compiled with SVDKIT_EXTERN_TEMPLATES and linked
# with it instead of compiling the core itself (the svd and solve targets each spent ~35 CPU-s on
# it; issue 17).
#
# Builds the target with clang++ -fsanitize=fuzzer,address,undefined, copies nothing into the
# repository (new inputs go to WORK_DIR/corpus, emptied first so that every run is the same), runs it
# for RUNS executions (at most SECONDS) with a fixed seed, and prints
# libFuzzer's final statistics (executions, corpus size). Prints "SKIPPED: ..." (the test's
# SKIP_REGULAR_EXPRESSION) and stops when clang++ or its libFuzzer runtime is missing. A crash, leak or
# contract violation fails the test and leaves the reproducer in WORK_DIR (crash-*).
if(DEFINED CORE_SOURCE)
    set(_required CLANG CORE_SOURCE CORE_OBJECT INCLUDES)
    get_filename_component(WORK_DIR "${CORE_OBJECT}" DIRECTORY)
else()
    set(_required CLANG TARGET_SOURCE INCLUDES SEEDS WORK_DIR RUNS SECONDS)
endif()
foreach(var ${_required})
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "run_fuzzer.cmake: -D${var}=... is required")
    endif()
endforeach()
if(NOT CLANG OR NOT EXISTS "${CLANG}")
    message("SKIPPED: no clang++ (apt-get install clang libclang-rt-dev)")
    return()
endif()
file(MAKE_DIRECTORY "${WORK_DIR}")
string(REPLACE "%%" ";" include_dirs "${INCLUDES}")
set(include_flags "")
foreach(dir IN LISTS include_dirs)
    list(APPEND include_flags -I "${dir}")
endforeach()

# Probe: can this clang link a fuzzer at all?
file(WRITE "${WORK_DIR}/probe.cpp"
    "#include <cstddef>\n#include <cstdint>\nextern \"C\" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }\n")
execute_process(COMMAND "${CLANG}" -fsanitize=fuzzer "${WORK_DIR}/probe.cpp" -o "${WORK_DIR}/probe"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message("SKIPPED: ${CLANG} cannot link -fsanitize=fuzzer (apt-get install libclang-rt-dev):\n${out}")
    return()
endif()

# -gline-tables-only: file and line in a report, at a fifth less compile time than -g.
set(fuzz_flags -std=c++17 -O1 -gline-tables-only -fno-sanitize-recover=all -fno-omit-frame-pointer ${include_flags})
if(DEFINED CORE_SOURCE)
    execute_process(COMMAND "${CLANG}" ${fuzz_flags} -fsanitize=fuzzer-no-link,address,undefined
                            -c "${CORE_SOURCE}" -o "${CORE_OBJECT}"
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "building the fuzzers' core failed:\n${out}")
    endif()
    message("fuzz core built: ${CORE_OBJECT}")
    return()
endif()

file(REMOVE_RECURSE "${WORK_DIR}/corpus")
file(MAKE_DIRECTORY "${WORK_DIR}/corpus")
get_filename_component(name "${TARGET_SOURCE}" NAME_WE)
set(exe "${WORK_DIR}/${name}")
set(core_define "")
set(core "")
if(DEFINED CORE_OBJECT AND NOT CORE_OBJECT STREQUAL "")
    if(NOT EXISTS "${CORE_OBJECT}")
        message(FATAL_ERROR "${name}: the fuzzers' core ${CORE_OBJECT} is missing (the fuzz.core test builds it)")
    endif()
    set(core_define -DSVDKIT_EXTERN_TEMPLATES)
    set(core "${CORE_OBJECT}")
endif()
execute_process(COMMAND "${CLANG}" ${fuzz_flags} -fsanitize=fuzzer,address,undefined ${core_define}
                        "${TARGET_SOURCE}" ${core} -o "${exe}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building the fuzzer failed:\n${out}")
endif()
# -seed and -runs: reproducible runs; -rss_limit_mb/-timeout: a hang or a blow-up is a failure,
# not a stall.
execute_process(COMMAND "${exe}" -runs=${RUNS} -max_total_time=${SECONDS} -seed=1 -timeout=20 -rss_limit_mb=2048
                        -print_final_stats=1 -artifact_prefix=${WORK_DIR}/ "${WORK_DIR}/corpus" "${SEEDS}"
                WORKING_DIRECTORY "${WORK_DIR}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
# libFuzzer writes a line per new input; keep the summary and the end.
string(REGEX MATCHALL "(#[0-9]+[ \t]+DONE[^\n]*|stat::[^\n]*|Done [0-9]+ runs[^\n]*)" summary "${out}")
list(JOIN summary "\n" summary)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name}: libFuzzer failed (${rc}); reproducer in ${WORK_DIR}:\n${out}")
endif()
message("${name}: ${RUNS} executions of fuzzing, no failure\n${summary}")
