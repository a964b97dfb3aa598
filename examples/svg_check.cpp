// svg_check: is a file well-formed XML with an <svg> root, and how many panels does it have?
// The examples' tests run it on the pictures they write, because xmllint is not always
// installed. It checks what a browser's XML parser rejects: tags that do not nest, a missing or
// second root element, unquoted or repeated attributes, '<' inside an attribute value, unknown
// entity references, and text outside the root. It is not a validating parser (no DTD, no
// SVG schema).
//
//   svg_check FILE... [--panels N] [--contains TEXT]
//   svg_check --self-test      # checks the checker on good and bad documents built in
//
// --panels N: each file must have exactly N elements with class="panel" (plot.hpp's begin_panel).
// --contains TEXT: each file must contain an element named TEXT (e.g. animateTransform).
// Exit status: 0 all files pass, 1 a file fails (the reason and line are printed), 2 bad usage.
//
// References: W3C, Extensible Markup Language (XML) 1.0 (5th ed.), section 2 (well-formedness).
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct xml_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct summary {
    std::string root;
    std::size_t elements = 0;
    std::size_t panels = 0;
    std::map<std::string, std::size_t> names;  // element name -> count
};

bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
           (static_cast<unsigned char>(c) >= 0x80);
}
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class parser {
public:
    explicit parser(std::string text) : s_(std::move(text)) {}

    summary run() {
        if (s_.compare(0, 5, "<?xml") == 0) skip_past("?>", "XML declaration");
        skip_misc();
        if (pos_ >= s_.size() || s_[pos_] != '<') fail("expected the root element");
        element(0);
        skip_misc();
        if (pos_ != s_.size()) fail("content after the root element");
        return out_;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        std::size_t line = 1;
        for (std::size_t i = 0; i < pos_ && i < s_.size(); ++i)
            if (s_[i] == '\n') ++line;
        throw xml_error("line " + std::to_string(line) + ": " + what);
    }

    void skip_space() {
        while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
    }

    void skip_past(const std::string& end, const char* what) {
        const std::size_t e = s_.find(end, pos_);
        if (e == std::string::npos) fail(std::string("unterminated ") + what);
        pos_ = e + end.size();
    }

    // Whitespace, comments and processing instructions (allowed before and after the root).
    void skip_misc() {
        while (true) {
            skip_space();
            if (s_.compare(pos_, 4, "<!--") == 0) {
                comment();
            } else if (s_.compare(pos_, 2, "<?") == 0) {
                skip_past("?>", "processing instruction");
            } else {
                return;
            }
        }
    }

    void comment() {
        pos_ += 4;
        const std::size_t e = s_.find("--", pos_);
        if (e == std::string::npos) fail("unterminated comment");
        if (s_.compare(e, 3, "-->") != 0) fail("'--' inside a comment");
        pos_ = e + 3;
    }

    std::string name() {
        if (pos_ >= s_.size() || !is_name_start(s_[pos_])) fail("expected a name");
        const std::size_t start = pos_;
        while (pos_ < s_.size() && is_name_char(s_[pos_])) ++pos_;
        return s_.substr(start, pos_ - start);
    }

    // An entity or character reference starting at '&'.
    void reference() {
        const std::size_t semi = s_.find(';', pos_);
        if (semi == std::string::npos || semi - pos_ > 12) fail("'&' that does not start a reference (write &amp;)");
        const std::string ref = s_.substr(pos_ + 1, semi - pos_ - 1);
        static const std::set<std::string> predefined = {"amp", "lt", "gt", "quot", "apos"};
        bool ok = predefined.count(ref) != 0;
        if (!ok && ref.size() >= 2 && ref[0] == '#') {
            const bool hex = ref[1] == 'x';
            const std::string digits = ref.substr(hex ? 2 : 1);
            ok = !digits.empty() &&
                 digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") == std::string::npos;
        }
        if (!ok) fail("unknown reference '&" + ref + ";'");
        pos_ = semi + 1;
    }

    void element(int depth) {
        if (depth > 1000) fail("elements nested more than 1000 deep");
        ++pos_;  // '<'
        const std::string tag = name();
        ++out_.elements;
        ++out_.names[tag];
        if (depth == 0) out_.root = tag;
        std::set<std::string> seen;
        bool panel = false;
        while (true) {
            const std::size_t before = pos_;
            skip_space();
            if (pos_ >= s_.size()) fail("unterminated start tag <" + tag + ">");
            if (s_[pos_] == '>' || s_.compare(pos_, 2, "/>") == 0) break;
            if (pos_ == before) fail("expected whitespace before an attribute of <" + tag + ">");
            const std::string attr = name();
            if (!seen.insert(attr).second) fail("attribute '" + attr + "' repeated in <" + tag + ">");
            skip_space();
            if (pos_ >= s_.size() || s_[pos_] != '=') fail("attribute '" + attr + "' of <" + tag + "> has no '='");
            ++pos_;
            skip_space();
            if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\''))
                fail("value of attribute '" + attr + "' of <" + tag + "> is not quoted");
            const char quote = s_[pos_++];
            const std::size_t value_start = pos_;
            while (pos_ < s_.size() && s_[pos_] != quote) {
                if (s_[pos_] == '<') fail("'<' in the value of attribute '" + attr + "' of <" + tag + ">");
                if (s_[pos_] == '&')
                    reference();
                else
                    ++pos_;
            }
            if (pos_ >= s_.size()) fail("unterminated value of attribute '" + attr + "'");
            const std::string value = s_.substr(value_start, pos_ - value_start);
            ++pos_;
            if (attr == "class") {
                std::istringstream words(value);
                for (std::string w; words >> w;)
                    if (w == "panel") panel = true;
            }
        }
        if (panel) ++out_.panels;
        if (s_[pos_] == '/') {  // empty-element tag
            pos_ += 2;
            return;
        }
        ++pos_;
        // Content: text, references, comments, CDATA, child elements, then the end tag.
        while (true) {
            if (pos_ >= s_.size()) fail("<" + tag + "> is never closed");
            const char c = s_[pos_];
            if (c == '&') {
                reference();
            } else if (c != '<') {
                if (c == '>' && pos_ >= 2 && s_.compare(pos_ - 2, 2, "]]") == 0) fail("']]>' in text");
                ++pos_;
            } else if (s_.compare(pos_, 4, "<!--") == 0) {
                comment();
            } else if (s_.compare(pos_, 9, "<![CDATA[") == 0) {
                skip_past("]]>", "CDATA section");
            } else if (s_.compare(pos_, 2, "<?") == 0) {
                skip_past("?>", "processing instruction");
            } else if (s_.compare(pos_, 2, "</") == 0) {
                pos_ += 2;
                const std::string end = name();
                if (end != tag) fail("</" + end + "> closes <" + tag + ">");
                skip_space();
                if (pos_ >= s_.size() || s_[pos_] != '>') fail("malformed end tag </" + end);
                ++pos_;
                return;
            } else {
                element(depth + 1);
            }
        }
    }

    std::string s_;
    std::size_t pos_ = 0;
    summary out_;
};

summary check_text(const std::string& text) { return parser(text).run(); }

// The checker must be able to fail: each bad document here has to be rejected.
int self_test() {
    const std::vector<std::string> good = {
        "<svg/>",
        "<?xml version=\"1.0\"?>\n<!-- c --><svg a='1' b=\"&lt;&#65;&#x42;\"><g class=\"x panel\"><t>a &amp; b</t></g></svg>\n",
        "<svg><![CDATA[ <not> & parsed ]]></svg>",
    };
    const std::vector<std::string> bad = {
        "",
        "<svg>",
        "<svg></g>",
        "<svg><g></svg></g>",
        "<svg a=1/>",
        "<svg a=\"1\" a=\"2\"/>",
        "<svg a=\"<\"/>",
        "<svg>AT&T</svg>",
        "<svg>&nbsp;</svg>",
        "<svg/><svg/>",
        "text<svg/>",
        "<svg a=\"1\"b=\"2\"/>",
        "<svg><!-- a -- b --></svg>",
    };
    int failures = 0;
    for (const auto& g : good) {
        try {
            check_text(g);
        } catch (const xml_error& e) {
            std::printf("self-test FAILED: rejected a good document (%s): %s\n", e.what(), g.c_str());
            ++failures;
        }
    }
    for (const auto& b : bad) {
        try {
            check_text(b);
            std::printf("self-test FAILED: accepted a bad document: %s\n", b.c_str());
            ++failures;
        } catch (const xml_error&) {
        }
    }
    if (check_text(good[1]).panels != 1) {
        std::printf("self-test FAILED: panel count\n");
        ++failures;
    }
    std::printf("self-test: %zu good and %zu bad documents, %d failure(s)\n", good.size(), bad.size(), failures);
    return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> files;
    long panels = -1;
    std::string contains;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--self-test") return self_test();
        if (arg == "--panels" || arg == "--contains") {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "error: %s needs a value\n", arg.c_str());
                return 2;
            }
            const std::string value = argv[++i];
            if (arg == "--contains") {
                contains = value;
            } else {
                try {
                    std::size_t used = 0;
                    panels = std::stol(value, &used);
                    if (used != value.size() || panels < 0) throw std::invalid_argument("");
                } catch (const std::exception&) {
                    std::fprintf(stderr, "error: --panels needs a number >= 0, got '%s'\n", value.c_str());
                    return 2;
                }
            }
        } else {
            files.push_back(arg);
        }
    }
    if (files.empty()) {
        std::fprintf(stderr, "usage: svg_check FILE... [--panels N] [--contains ELEMENT] | --self-test\n");
        return 2;
    }
    int status = 0;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) {
            std::printf("%s: cannot open\n", f.c_str());
            status = 1;
            continue;
        }
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        try {
            const summary s = check_text(text);
            std::string problem;
            if (s.root != "svg") problem = "root element is <" + s.root + ">, not <svg>";
            if (panels >= 0 && s.panels != static_cast<std::size_t>(panels))
                problem = std::to_string(s.panels) + " panels, expected " + std::to_string(panels);
            if (!contains.empty() && s.names.count(contains) == 0) problem = "no <" + contains + "> element";
            if (!problem.empty()) {
                std::printf("%s: well-formed, but %s\n", f.c_str(), problem.c_str());
                status = 1;
            } else {
                std::printf("%s: well-formed XML, root <svg>, %zu elements, %zu panels%s\n", f.c_str(), s.elements,
                            s.panels, contains.empty() ? "" : (", has <" + contains + ">").c_str());
            }
        } catch (const xml_error& e) {
            std::printf("%s: NOT well-formed: %s\n", f.c_str(), e.what());
            status = 1;
        }
    }
    return status;
}
