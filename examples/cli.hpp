// cli.hpp - the command line of svdkit's examples: "--name value" options, -h/--help, and
// usage errors reported the same way by every program.
//
// Examples-only helper (not part of the library, not installed). Standard library only.
// The arguments are read left to right:
//   - "-h" or "--help" prints the usage text to stdout; the program then exits 0;
//   - an unknown argument, a missing value, or a value that a handler rejects (it throws
//     cli::usage_error) prints "error: <message>", a blank line and the usage text to stderr;
//     the program then exits 2 (cli::exit_usage).
//
//   cli::parser p(usage_text);
//   p.value("--length", [&](const std::string& v) { n = cli::whole_number<std::size_t>(v, "--length", 2, 4096); })
//    .value("--tol", [&](const std::string& v) { tol = cli::number(v, "--tol"); })
//    .flag("--check", [&] { check = true; });
//   if (const std::optional<int> status = p.parse(argc, argv)) return *status;   // --help or an error
//
// parse()'s optional second argument checks the options together once all are read (e.g. two
// that exclude each other). A usage error found later, by the program itself, is reported with
// p.fail(e), which prints the same way and returns exit_usage.
#pragma once

#include <cerrno>      // errno, ERANGE
#include <cmath>       // std::isfinite, std::floor
#include <cstdio>      // std::printf, std::fprintf
#include <cstdlib>     // std::strtod
#include <functional>  // std::function
#include <optional>    // std::optional
#include <stdexcept>   // std::invalid_argument
#include <string>      // std::string, std::to_string
#include <utility>     // std::move
#include <vector>      // std::vector

namespace svdkit_examples::cli {

/// The exit status of a bad command line (0 is success, 1 a failed check or file).
constexpr int exit_usage = 2;

/// A bad command line; what() says what is wrong, naming the option.
struct usage_error : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

/// `text` as a finite double. \throws usage_error "<what>: '<text>' is not a finite number".
inline double number(const std::string& text, const std::string& what) {
    char* end = nullptr;
    errno = 0;
    const double x = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(x))
        throw usage_error(what + ": '" + text + "' is not a finite number");
    return x;
}

/// 2^53: up to here every whole number is a double, so whole_number() can read it exactly.
constexpr double max_whole = 9007199254740992.0;

/// `text` as a whole number in [lo, hi], 0 <= lo <= hi <= max_whole. \throws usage_error
/// "<what> must be a whole number in <range>, got <text>", where `range` defaults to "lo..hi".
template <class Unsigned>
Unsigned whole_number(const std::string& text, const std::string& what, double lo, double hi,
                      const std::string& range = "") {
    const double x = number(text, what);
    if (!(x >= lo && x <= hi && x == std::floor(x)))
        throw usage_error(what + " must be a whole number in " +
                          (range.empty() ? std::to_string(static_cast<long long>(lo)) + ".." +
                                               std::to_string(static_cast<long long>(hi))
                                         : range) +
                          ", got " + text);
    return static_cast<Unsigned>(x);
}

/// Reads argv into the handlers of its options; see the top of this file.
class parser {
public:
    /// `usage` is printed by --help and after every usage error; it must outlive the parser.
    explicit parser(const char* usage) : usage_(usage) {}

    /// An option followed by a value: `name value` (or `name=value` after accept_equals()).
    parser& value(std::string name, std::function<void(const std::string&)> handle) {
        options_.push_back({std::move(name), std::move(handle), {}});
        return *this;
    }

    /// An option without a value.
    parser& flag(std::string name, std::function<void()> handle) {
        options_.push_back({std::move(name), {}, std::move(handle)});
        return *this;
    }

    /// Also accept "--name=value" for the options that take a value.
    parser& accept_equals() {
        equals_ = true;
        return *this;
    }

    /// Runs the handlers in the order of the arguments, then `check_all` (if given).
    /// \returns the status main() returns now (0 after --help, exit_usage after an error), or
    /// nothing when the program goes on.
    std::optional<int> parse(int argc, const char* const* argv, const std::function<void()>& check_all = {}) const {
        try {
            for (int i = 1; i < argc; ++i) {
                const std::string arg = argv[i];
                if (arg == "-h" || arg == "--help") {
                    std::printf("%s", usage_);
                    return 0;
                }
                std::string name = arg, text;
                bool has_value = false;
                if (const auto eq = arg.find('='); equals_ && arg.rfind("--", 0) == 0 && eq != std::string::npos) {
                    name = arg.substr(0, eq);
                    text = arg.substr(eq + 1);
                    has_value = true;
                }
                const option* o = find(name);
                if (o == nullptr || (has_value && !o->take_value)) throw usage_error("unknown argument '" + arg + "'");
                if (!o->take_value) {
                    o->set();
                    continue;
                }
                if (!has_value) {
                    if (i + 1 >= argc) throw usage_error(name + " needs a value");
                    text = argv[++i];
                }
                o->take_value(text);
            }
            if (check_all) check_all();
        } catch (const usage_error& e) {
            return fail(e);
        }
        return std::nullopt;
    }

    /// Prints "error: <e.what()>", a blank line and the usage text to stderr. \returns exit_usage.
    int fail(const usage_error& e) const {
        std::fprintf(stderr, "error: %s\n\n%s", e.what(), usage_);
        return exit_usage;
    }

private:
    struct option {
        std::string name;
        std::function<void(const std::string&)> take_value;  // set for an option with a value
        std::function<void()> set;                           // set for a flag
    };

    const option* find(const std::string& name) const {
        for (const option& o : options_)
            if (o.name == name) return &o;
        return nullptr;
    }

    const char* usage_;
    std::vector<option> options_;
    bool equals_ = false;
};

}  // namespace svdkit_examples::cli
