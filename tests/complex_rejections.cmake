# What stays real-only rejects complex T at compile time with a message that says so (issue 21):
#
#   cmake -DCXX=<compiler> -DINCLUDE_DIR=<include/> -DWORK_DIR=<scratch dir> -P complex_rejections.cmake
#
# Each case is a one-line use in its own TU, compiled with -fsyntax-only; it must FAIL, and the
# compiler's output must contain the static_assert's text (so it failed for that reason, not for a
# missing include). A control TU, the same uses for double, must compile: otherwise every case
# would "fail" for nothing.
file(MAKE_DIRECTORY "${WORK_DIR}")

# name | header | use | expected text
set(cases
    "pca|svdkit/pca.hpp|static_assert(sizeof(svdkit::pca<std::complex<double>>) > 0, \"\")%3B|svdkit::pca is real-only, as scikit-learn's PCA"
    "incremental_pca|svdkit/incremental_pca.hpp|static_assert(sizeof(svdkit::incremental_pca<std::complex<float>>) > 0, \"\")%3B|svdkit::incremental_pca is real-only, as scikit-learn's IncrementalPCA"
    "partial_svd|svdkit/partial_svd.hpp|void f(const svdkit::matrix<std::complex<double>>& a) { (void)svdkit::partial_svd(a, 1)%3B }|svdkit::partial_svd is real-only%3B use truncated_svd or randomized_svd for complex matrices"
    "csr_view|svdkit/sparse.hpp|static_assert(sizeof(svdkit::csr_view<std::complex<long double>>) > 0, \"\")%3B|svdkit::csr_view is real-only"
    "read_csv|svdkit/io/csv.hpp|void f(std::istream& in) { (void)svdkit::read_csv<std::complex<double>>(in)%3B }|svdkit::read_csv: complex matrices have no CSV form"
    "write_csv|svdkit/io/csv.hpp|void f(std::ostream& out) { svdkit::write_csv(out, svdkit::matrix<std::complex<double>>(1, 1))%3B }|svdkit::write_csv: complex matrices have no CSV form")

set(control "#include <complex>\n#include <iostream>\n")
set(failures "")
foreach(entry IN LISTS cases)
    string(REPLACE "|" ";" fields "${entry}")
    list(GET fields 0 name)
    list(GET fields 1 header)
    list(GET fields 2 use)
    list(GET fields 3 expected)
    string(REPLACE "%3B" ";" use "${use}")
    string(REPLACE "%3B" ";" expected "${expected}")
    file(WRITE "${WORK_DIR}/${name}.cpp" "#include <complex>\n#include <iostream>\n#include <${header}>\n${use}\nint main() {}\n")
    execute_process(COMMAND "${CXX}" -std=c++17 -fsyntax-only -I "${INCLUDE_DIR}" "${WORK_DIR}/${name}.cpp"
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    string(FIND "${out}${err}" "${expected}" at)
    if(rc EQUAL 0)
        list(APPEND failures "${name}: compiled, but complex T must be rejected")
    elseif(at EQUAL -1)
        list(APPEND failures "${name}: rejected, but without the text '${expected}':\n${err}")
    else()
        message(STATUS "${name}: rejected with '${expected}'")
    endif()
    # the control: the same use for double
    string(REPLACE "std::complex<long double>" "long double" real_use "${use}")
    string(REPLACE "std::complex<double>" "double" real_use "${real_use}")
    string(REPLACE "std::complex<float>" "float" real_use "${real_use}")
    string(APPEND control "#include <${header}>\nnamespace ${name}_case { ${real_use} }\n")
endforeach()
string(APPEND control "int main() {}\n")
file(WRITE "${WORK_DIR}/control.cpp" "${control}")
execute_process(COMMAND "${CXX}" -std=c++17 -fsyntax-only -I "${INCLUDE_DIR}" "${WORK_DIR}/control.cpp"
    RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    list(APPEND failures "control: the same uses for real T do not compile:\n${err}")
endif()
list(LENGTH cases count)
if(failures)
    list(JOIN failures "\n" text)
    message(FATAL_ERROR "${text}")
endif()
message(STATUS "all ${count} complex rejections hold")
