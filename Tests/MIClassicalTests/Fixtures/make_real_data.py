"""Writes the real data sets of RealDataTests and scikit-learn's MI for each feature.

Run from this folder with scikit-learn installed (checked with 1.9.1):
    python3 make_real_data.py
It writes iris.csv, wine.csv, breast_cancer.csv, digits.csv (the first 600 images) and
diabetes.csv from scikit-learn's bundled copies (features, then the target as the last
column `target`), and sklearn_mi.csv with `dataset,feature,mi`: mutual_info_classif
(class targets) or mutual_info_regression (diabetes) with n_neighbors=3, averaged over
random_state 0..4 so that the tie-breaking noise of a single seed does not decide ranks.
"""
import numpy as np
from sklearn import datasets
from sklearn.feature_selection import mutual_info_classif, mutual_info_regression

SETS = [
    ("iris", datasets.load_iris, True, None),
    ("wine", datasets.load_wine, True, None),
    ("breast_cancer", datasets.load_breast_cancer, True, None),
    ("digits", datasets.load_digits, True, 600),
    ("diabetes", datasets.load_diabetes, False, None),
]

rows = ["dataset,feature,mi"]
for name, loader, classification, limit in SETS:
    data = loader()
    X, y = data.data, data.target
    if limit:
        X, y = X[:limit], y[:limit]
    names = [str(n).replace(",", ";") for n in getattr(data, "feature_names", range(X.shape[1]))]
    header = ",".join(f'"{n}"' for n in names) + ",target"
    np.savetxt(f"{name}.csv", np.column_stack([X, y]), delimiter=",", header=header, comments="", fmt="%.10g")
    estimate = mutual_info_classif if classification else mutual_info_regression
    mi = np.mean([estimate(X, y, n_neighbors=3, random_state=seed) for seed in range(5)], axis=0)
    rows += [f"{name},{j},{value:.10g}" for j, value in enumerate(mi)]

with open("sklearn_mi.csv", "w") as f:
    f.write("\n".join(rows) + "\n")
