#include <cstdio>
#include <vector>
#include <svdkit/svdkit.hpp>

int main() {
    // Ratings 1-5: rows are people; columns are two action films, then two romances.
    svdkit::matrix<double> ratings{{5, 4, 1, 2}, {4, 5, 1, 1}, {5, 4, 2, 1},
                                   {1, 2, 5, 4}, {2, 1, 4, 5}, {1, 2, 3, 5}};
    svdkit::pca<double> pca(2);                                  // keep the 2 directions of most variance
    svdkit::matrix<double> scores = pca.fit_transform(ratings);  // 6×2: each person on the 2 axes
    const std::vector<double>& share = pca.explained_variance_ratio();
    std::printf("share of variance: %.3f %.3f\n", share[0], share[1]);  // 0.894 0.057

    // 2×4, one axis per row, each with its largest entry positive (the same signs everywhere).
    const svdkit::matrix<double>& axes = pca.components();
    std::printf("first axis: %+.3f %+.3f %+.3f %+.3f\n", axes(0, 0), axes(0, 1), axes(0, 2), axes(0, 3));
    std::printf("person 0: %+.3f %+.3f\n", scores(0, 0), scores(0, 1));  // -2.832 -0.765
}
