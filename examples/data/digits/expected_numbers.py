#!/usr/bin/python3
# Prints the numbers that examples/CMakeLists.txt expects from `eigenfaces` on digits.csv,
# computed independently of svdkit: scikit-learn's PCA (Debian 12's python3-sklearn 1.2.1, full
# LAPACK SVD) and numpy's eigenvalues of the covariance matrix. Usage: expected_numbers.py [CSV] [IMAGE]
import sys

import numpy as np
from sklearn.decomposition import PCA

path = sys.argv[1] if len(sys.argv) > 1 else __file__.rsplit("/", 1)[0] + "/digits.csv"
image = int(sys.argv[2]) if len(sys.argv) > 2 else 0
data = np.loadtxt(path, delimiter=",", skiprows=1)
x, labels = data[:, :-1], data[:, -1].astype(int)
n = x.shape[0]
p = PCA(svd_solver="full").fit(x)
eig = np.sort(np.linalg.eigvalsh(np.cov(x, rowvar=False)))[::-1]
print(f"images: {n} x {x.shape[1]}, total variance {x.var(axis=0, ddof=1).sum():.6f}")
print("ratios (PCA):", " ".join(f"{r:.6f}" for r in p.explained_variance_ratio_[:10]))
print("ratios (eig):", " ".join(f"{r:.6f}" for r in (eig / eig.sum())[:10]))
cum = np.cumsum(p.explained_variance_ratio_)
xc = x - p.mean_
for k in (1, 5, 10, 20, 40):
    w = p.components_[:k]
    rebuilt = p.mean_ + (x - p.mean_) @ w.T @ w
    total = ((x - rebuilt) ** 2).sum()
    one = np.linalg.norm(x[image] - rebuilt[image])
    print(f"k={k:2d} cumulative {cum[k - 1]:.6f} sum of squared errors {total:.6f}"
          f" (n-1)*tail {(n - 1) * p.explained_variance_[k:].sum():.6f}"
          f" image {image} (digit {labels[image]}) error {one:.6f}")
print("PC1 pixels (row 2):", " ".join(f"{v:+.4f}" for v in p.components_[0].reshape(8, 8)[2]))
