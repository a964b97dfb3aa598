# Fails unless the first ```cpp block in README.md is exactly examples/readme_example.cpp,
# so the example that ctest compiles and runs is the one readers copy.
#
#   cmake -DREADME=<README.md> -DSOURCE=<readme_example.cpp> -P check_readme_example.cmake
file(READ "${README}" readme)
file(READ "${SOURCE}" source)
string(FIND "${readme}" "```cpp\n" begin)
if(begin EQUAL -1)
    message(FATAL_ERROR "${README} has no ```cpp block")
endif()
math(EXPR begin "${begin} + 7")
string(SUBSTRING "${readme}" ${begin} -1 rest)
string(FIND "${rest}" "```" end)
if(end EQUAL -1)
    message(FATAL_ERROR "${README}: the first ```cpp block is not closed")
endif()
string(SUBSTRING "${rest}" 0 ${end} block)
if(NOT block STREQUAL source)
    message(FATAL_ERROR
        "The first ```cpp block of ${README} differs from ${SOURCE}; "
        "edit both so they stay identical.\n--- README block ---\n${block}--- ${SOURCE} ---\n${source}")
endif()
message(STATUS "README.md's usage example is identical to ${SOURCE}")
