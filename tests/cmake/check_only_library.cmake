# Included by the in-tree consumer tests after svdkit was added: svdkit must have defined its
# library and nothing of its own development (tests, examples, benchmarks, warning flags).
if(NOT TARGET svdkit::svdkit)
    message(FATAL_ERROR "svdkit did not define svdkit::svdkit")
endif()
foreach(_option IN ITEMS SVDKIT_BUILD_TESTS SVDKIT_BUILD_EXAMPLES SVDKIT_BUILD_BENCHMARKS SVDKIT_INSTALL)
    if(${_option})
        message(FATAL_ERROR "${_option} is ON in a consumer build; it must default to OFF when svdkit is not top-level")
    endif()
endforeach()
foreach(_target IN ITEMS svdkit_warnings svdkit_test_support hygiene_odr readme_example
                         rotation_scale_rotation svdkit_bench)
    if(TARGET ${_target})
        message(FATAL_ERROR "svdkit configured its development target '${_target}' in a consumer build")
    endif()
endforeach()
message(STATUS "svdkit: only svdkit::svdkit was configured")
