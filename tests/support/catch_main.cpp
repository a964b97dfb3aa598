// The one Catch2 main shared by every test executable, plus the listener that prints the
// worst-ratio table (support/ratio_report.hpp) at the end of each run.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cmath>     // std::isnan
#include <iomanip>   // std::setw, std::setprecision
#include <iostream>  // std::cout
#include <map>       // std::map
#include <mutex>     // std::mutex
#include <set>       // std::set
#include <sstream>   // std::ostringstream
#include <tuple>     // std::tuple

#include "ratio_report.hpp"

namespace svdkit_test {
namespace {

struct worst {
    long double value = 0;
    std::string where;
};

std::mutex report_mutex;
std::map<std::tuple<std::string, std::string, std::string>, worst>& table() {
    static std::map<std::tuple<std::string, std::string, std::string>, worst> t;
    return t;
}

}  // namespace

void note_ratio(const std::string& algorithm, const std::string& type, const std::string& metric, long double value,
                const std::string& where) {
    std::lock_guard<std::mutex> lock(report_mutex);
    auto it = table().find({type, metric, algorithm});
    if (it == table().end()) {
        table()[{type, metric, algorithm}] = {value, where};
        return;
    }
    if (std::isnan(it->second.value)) return;
    if (std::isnan(value) || value > it->second.value) it->second = {value, where};
}

bool ratio_report_empty() {
    std::lock_guard<std::mutex> lock(report_mutex);
    return table().empty();
}

void print_ratio_report(std::ostream& out) {
    std::lock_guard<std::mutex> lock(report_mutex);
    std::set<std::string> algorithms;
    std::set<std::pair<std::string, std::string>> rows;
    for (const auto& kv : table()) {
        rows.insert({std::get<0>(kv.first), std::get<1>(kv.first)});
        algorithms.insert(std::get<2>(kv.first));
    }
    out << "\nWorst measured ratios (each bounded by a small constant for a backward-stable SVD):\n";
    out << std::left << std::setw(12) << "type" << std::setw(22) << "metric";
    for (const auto& a : algorithms) out << std::setw(14) << a << std::setw(52) << "(case)";
    out << "\n";
    for (const auto& row : rows) {
        out << std::left << std::setw(12) << row.first << std::setw(22) << row.second;
        for (const auto& a : algorithms) {
            auto it = table().find({row.first, row.second, a});
            if (it == table().end()) {
                out << std::setw(14) << "-" << std::setw(52) << "";
                continue;
            }
            std::ostringstream v;
            v << std::setprecision(3) << static_cast<double>(it->second.value);
            std::string where = it->second.where;
            if (where.size() > 48) where = where.substr(0, 45) + "...";
            out << std::setw(14) << v.str() << std::setw(52) << ("(" + where + ")");
        }
        out << "\n";
    }
}

}  // namespace svdkit_test

namespace {

struct ratio_report_listener : Catch::TestEventListenerBase {
    using TestEventListenerBase::TestEventListenerBase;
    void testRunEnded(Catch::TestRunStats const& stats) override {
        if (!svdkit_test::ratio_report_empty()) svdkit_test::print_ratio_report(std::cout);
        TestEventListenerBase::testRunEnded(stats);
    }
};

}  // namespace

CATCH_REGISTER_LISTENER(ratio_report_listener)
