// Test support: a process-wide record of the worst ratio measured per (algorithm, type, metric),
// printed as a table when the test run ends (see catch_main.cpp). Tests call note() after they
// measure; nothing here asserts anything.
#ifndef SVDKIT_TESTS_SUPPORT_RATIO_REPORT_HPP
#define SVDKIT_TESTS_SUPPORT_RATIO_REPORT_HPP

#include <ostream>  // std::ostream
#include <string>   // std::string

namespace svdkit_test {

/// Remembers `value` if it is the worst (largest, NaN counting as worst) so far for
/// (algorithm, type, metric); `where` says which case produced it.
void note_ratio(const std::string& algorithm, const std::string& type, const std::string& metric, long double value,
                const std::string& where);

/// True when nothing was noted.
bool ratio_report_empty();

/// Writes the table: one row per (type, metric), one column pair per algorithm.
void print_ratio_report(std::ostream& out);

}  // namespace svdkit_test

#endif  // SVDKIT_TESTS_SUPPORT_RATIO_REPORT_HPP
