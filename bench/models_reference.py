"""Reference fits for bench/models.ts: xgboost (hist, 2 threads), scikit-learn
HistGradientBoostingRegressor, and numpy closed-form ridge, on the data files that
bench/models.ts wrote. Prints one JSON object. Run with Debian's /usr/bin/python3."""
import json
import sys
import time

import numpy as np

out = sys.argv[1]
meta = json.load(open(f"{out}/meta.json"))
REPEATS = meta["repeats"]


def load(name, rows, cols):
    return np.fromfile(f"{out}/{name}.f64", dtype="<f8").reshape(rows, cols) if cols > 1 else np.fromfile(f"{out}/{name}.f64", dtype="<f8")


g = meta["gbdt"]
Xtr = load("gbdt_X_train", g["n_train"], g["p"])
ytr = load("gbdt_y_train", g["n_train"], 1)
Xte = load("gbdt_X_test", g["n_test"], g["p"])
yte = load("gbdt_y_test", g["n_test"], 1)
r = meta["ridge"]
Xr = load("ridge_X", r["n"], r["p"])
yr = load("ridge_y", r["n"], 1)


def rmse(a, b):
    return float(np.sqrt(np.mean((a - b) ** 2)))


def timed(fn):
    times, result = [], None
    for _ in range(REPEATS):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return times, result


res = {}

import xgboost as xgb  # noqa: E402

params = {
    "tree_method": "hist", "max_depth": g["max_depth"], "eta": g["learning_rate"], "lambda": g["lambda"],
    "max_bin": g["max_bins"], "nthread": 2, "objective": "reg:squarederror", "base_score": float(ytr.mean()),
    "min_child_weight": 1, "gamma": 0,
}


def fit_xgb():
    d = xgb.DMatrix(Xtr, label=ytr, nthread=2)
    return xgb.train(params, d, num_boost_round=g["n_estimators"])


times, booster = timed(fit_xgb)
res["xgboost"] = {"version": xgb.__version__, "fit_s": times, "rmse": rmse(booster.predict(xgb.DMatrix(Xte)), yte)}

from sklearn.ensemble import HistGradientBoostingRegressor  # noqa: E402
import sklearn  # noqa: E402


def fit_hgb():
    return HistGradientBoostingRegressor(
        max_iter=g["n_estimators"], max_depth=g["max_depth"], learning_rate=g["learning_rate"],
        l2_regularization=g["lambda"], max_bins=min(255, g["max_bins"]), max_leaf_nodes=None,
        min_samples_leaf=1, early_stopping=False,
    ).fit(Xtr, ytr)


times, hgb = timed(fit_hgb)
res["sklearn_hgb"] = {"version": sklearn.__version__, "fit_s": times, "rmse": rmse(hgb.predict(Xte), yte)}

alpha = r["alpha"]


def fit_ridge():
    mu = Xr.mean(axis=0)
    sd = Xr.std(axis=0)
    Z = (Xr - mu) / sd
    ybar = yr.mean()
    G = Z.T @ Z
    G[np.diag_indices_from(G)] += alpha
    beta = np.linalg.solve(G, Z.T @ (yr - ybar))
    coef = beta / sd
    return coef, ybar - coef @ mu


times, (coef, intercept) = timed(fit_ridge)
res["numpy_ridge"] = {"version": np.__version__, "fit_s": times, "coef": coef.tolist(), "intercept": float(intercept)}

try:
    from threadpoolctl import threadpool_info
    res["blas"] = [{k: i.get(k) for k in ("internal_api", "architecture", "num_threads", "version")} for i in threadpool_info()]
except Exception as e:  # threadpoolctl is optional
    res["blas"] = str(e)

print(json.dumps(res))
