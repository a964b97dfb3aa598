// lsa/term_document.hpp - a sparse tf-idf document-term matrix from a directory of text files,
// for latent semantic analysis (examples/lsa.cpp) and the partial-SVD benchmark.
//
// Examples-only helper (not part of the library, not installed). Standard library and svdkit only.
//
//   svdkit_examples::term_document td = svdkit_examples::load_corpus("examples/data/lsa_corpus");
//   auto r = svdkit::partial_svd(td.view(), 10);   // rows = documents, columns = terms
//
// The weighting is scikit-learn's TfidfVectorizer default, restated here so that the numbers can
// be reproduced elsewhere: entry (i, j) = tf_ij · idf_j with tf_ij the raw count of term j in
// document i and the smooth idf_j = ln((1 + n)/(1 + df_j)) + 1 (n documents, df_j of which hold
// term j), each row then divided by its 2-norm. The tokenizer is deliberately simpler than
// scikit-learn's: lowercase ASCII letter runs of length >= 3, minus a stop-word list.
//
// References: S. Deerwester, S. Dumais, G. Furnas, T. Landauer, R. Harshman, "Indexing by latent
// semantic analysis", JASIS 41 (1990) (LSA: the truncated SVD of a term-document matrix);
// G. Salton, C. Buckley, "Term-weighting approaches in automatic text retrieval", IP&M 24 (1988).
#pragma once

#include <algorithm>      // std::sort, std::binary_search, std::lower_bound
#include <cmath>          // std::log, std::sqrt
#include <cstddef>        // std::size_t
#include <cstdint>        // std::int64_t
#include <filesystem>     // std::filesystem::directory_iterator
#include <fstream>        // std::ifstream
#include <iterator>       // std::istreambuf_iterator
#include <map>            // std::map
#include <stdexcept>      // std::runtime_error
#include <string>         // std::string
#include <system_error>   // std::error_code
#include <unordered_map>  // std::unordered_map
#include <utility>        // std::pair
#include <vector>         // std::vector

#include <svdkit/sparse.hpp>

namespace svdkit_examples {

/// A document-term matrix in CSR form: row i is documents[i], column j is terms[j].
struct term_document {
    std::vector<std::string> terms;              ///< column j's term, sorted
    std::vector<std::string> documents;          ///< row i's file name (no directory)
    std::vector<std::int64_t> row_ptr, col_idx;  ///< CSR, rows = documents, columns ascending in a row
    std::vector<double> values;                  ///< tf-idf weights, each row scaled to unit 2-norm
    std::vector<std::size_t> document_frequency; ///< df_j: how many documents hold terms[j]
    std::vector<std::string> skipped;            ///< files left out: no term of the vocabulary (a zero row)
    std::size_t files = 0;                       ///< regular files read (documents + skipped)

    std::size_t rows() const { return documents.size(); }
    std::size_t cols() const { return terms.size(); }
    std::size_t nonzeros() const { return values.size(); }

    /// The matrix as a linear operator over this object's arrays (no copy: keep *this alive).
    svdkit::csr_view<double> view() const {
        return svdkit::csr_view<double>(rows(), cols(), row_ptr.data(), col_idx.data(), values.data());
    }
};

namespace detail {

/// Frequent English function words (with length >= 3, as shorter tokens are dropped anyway),
/// sorted for binary search. A small list of our own: it only keeps the grammar out of the
/// concepts. The second part holds the Early Modern English forms (thou, unto, hath, ...), which
/// the shipped corpus, the King James Bible, uses as often as modern text uses "you" and "to".
inline const std::vector<std::string>& stop_words() {
    static const std::vector<std::string> words = [] {
        std::vector<std::string> w{
            "about", "above", "after", "again", "against", "all", "also", "among", "and", "any", "are", "because",
            "been", "before", "being", "below", "between", "both", "but", "can", "could", "did", "does", "doing",
            "down", "during", "each", "either", "even", "every", "few", "for", "from", "further", "had", "has",
            "have", "having", "her", "hers", "herself", "him", "himself", "his", "how", "however", "into", "its",
            "itself", "just", "may", "might", "more", "most", "much", "must", "neither", "nor", "not", "now",
            "off", "once", "one", "only", "other", "our", "ours", "ourselves", "out", "over", "own", "same",
            "shall", "she", "should", "since", "some", "such", "than", "that", "the", "their", "theirs", "them",
            "themselves", "then", "there", "these", "they", "this", "those", "through", "thus", "too", "under",
            "until", "upon", "very", "was", "were", "what", "when", "where", "whether", "which", "while", "who",
            "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours",
            "yourself", "yourselves",
            // Early Modern English
            "art", "canst", "didst", "doth", "dost", "hast", "hath", "saith", "shalt", "thee", "thine", "thou",
            "thy", "unto", "whither", "wilt"};
        std::sort(w.begin(), w.end());
        return w;
    }();
    return words;
}

inline bool is_stop_word(const std::string& token) {
    const std::vector<std::string>& w = stop_words();
    return std::binary_search(w.begin(), w.end(), token);
}

inline bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// The counts of the tokens of `text`: lowercase ASCII letter runs of length >= 3 that are not
/// stop words. Any other byte (digits, punctuation, UTF-8 sequences) ends a run.
inline std::unordered_map<std::string, std::size_t> count_tokens(const std::string& text) {
    std::unordered_map<std::string, std::size_t> counts;
    std::string token;
    auto flush = [&] {
        if (token.size() >= 3 && !is_stop_word(token)) ++counts[token];
        token.clear();
    };
    for (const char c : text) {
        if (ascii_letter(c)) {
            token += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        } else {
            flush();
        }
    }
    flush();
    return counts;
}

[[noreturn]] inline void corpus_error(const std::string& path, const std::string& what) {
    throw std::runtime_error("load_corpus: " + path + ": " + what);
}

/// The regular files of `directory` (symbolic links followed), sorted by name.
inline std::vector<std::filesystem::path> list_files(const std::string& directory) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(directory, ec);
    if (st.type() == fs::file_type::not_found) corpus_error(directory, "no such directory");
    if (ec) corpus_error(directory, ec.message());
    if (st.type() != fs::file_type::directory) corpus_error(directory, "not a directory");
    std::vector<fs::path> files;
    fs::directory_iterator it(directory, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        std::error_code file_ec;
        if (it->is_regular_file(file_ec)) files.push_back(it->path());
    }
    if (ec) corpus_error(directory, "cannot be listed: " + ec.message());
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename().string() < b.filename().string(); });
    return files;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) corpus_error(path.string(), "cannot be opened");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) corpus_error(path.string(), "read error");
    return text;
}

}  // namespace detail

/// The tf-idf document-term matrix of every regular file of `directory`, sorted by name: tokens
/// are lowercase ASCII letter runs of length >= 3 that are not in a small built-in English
/// stop-word list; a term is kept when at least `min_df` documents hold it (0 counts as 1); entry
/// (i, j) = count · (ln((1 + n)/(1 + df_j)) + 1), each row then scaled to unit 2-norm. A file
/// that holds no kept term would be a zero row, which has no direction: it is left out (listed in
/// `skipped`), and n counts the documents kept.
/// \throws std::runtime_error naming the path when the directory cannot be read, a file cannot be
///         read, or no document holds a kept term.
inline term_document load_corpus(const std::string& directory, std::size_t min_df = 2) {
    const std::vector<std::filesystem::path> files = detail::list_files(directory);
    std::vector<std::unordered_map<std::string, std::size_t>> counts;
    std::vector<std::string> names;
    std::map<std::string, std::size_t> df;  // ordered: the vocabulary comes out sorted
    for (const auto& path : files) {
        counts.push_back(detail::count_tokens(detail::read_file(path)));
        names.push_back(path.filename().string());
        for (const auto& tc : counts.back()) ++df[tc.first];
    }

    term_document td;
    td.files = files.size();
    for (const auto& t : df)
        if (t.second >= std::max<std::size_t>(min_df, 1)) {
            td.terms.push_back(t.first);
            td.document_frequency.push_back(t.second);
        }
    std::unordered_map<std::string, std::int64_t> column;
    for (std::size_t j = 0; j < td.terms.size(); ++j) column[td.terms[j]] = static_cast<std::int64_t>(j);

    // Rows first with raw counts (a document without kept terms is skipped), then the weights:
    // n, and so idf, is known only once every document has been seen.
    td.row_ptr.push_back(0);
    std::vector<double> tf;
    for (std::size_t d = 0; d < counts.size(); ++d) {
        std::vector<std::pair<std::int64_t, std::size_t>> row;
        for (const auto& tc : counts[d]) {
            const auto c = column.find(tc.first);
            if (c != column.end()) row.emplace_back(c->second, tc.second);
        }
        if (row.empty()) {
            td.skipped.push_back(names[d]);
            continue;
        }
        std::sort(row.begin(), row.end());
        for (const auto& e : row) {
            td.col_idx.push_back(e.first);
            tf.push_back(static_cast<double>(e.second));
        }
        td.row_ptr.push_back(static_cast<std::int64_t>(td.col_idx.size()));
        td.documents.push_back(names[d]);
    }
    if (td.documents.empty())
        detail::corpus_error(directory, files.empty() ? "holds no regular file"
                                                      : "no document holds a term that occurs in at least " +
                                                            std::to_string(std::max<std::size_t>(min_df, 1)) +
                                                            " documents (of " + std::to_string(files.size()) + ")");

    // df counted over all files equals df over the kept documents: a skipped file holds no kept term.
    const double n = static_cast<double>(td.documents.size());
    std::vector<double> idf(td.terms.size());
    for (std::size_t j = 0; j < idf.size(); ++j)
        idf[j] = std::log((1 + n) / (1 + static_cast<double>(td.document_frequency[j]))) + 1;
    td.values.resize(tf.size());
    for (std::size_t i = 0; i < td.rows(); ++i) {
        const auto b = static_cast<std::size_t>(td.row_ptr[i]), e = static_cast<std::size_t>(td.row_ptr[i + 1]);
        double sum = 0;
        for (std::size_t p = b; p < e; ++p) {
            td.values[p] = tf[p] * idf[static_cast<std::size_t>(td.col_idx[p])];
            sum += td.values[p] * td.values[p];
        }
        const double norm = std::sqrt(sum);  // > 0: tf >= 1 and idf >= 1
        for (std::size_t p = b; p < e; ++p) td.values[p] /= norm;
    }
    return td;
}

}  // namespace svdkit_examples
