"""Persistent Python reference for the benchmarks (bench/reference.ts drives it): started once,
imports numpy, xgboost and scikit-learn before the first request, then answers one JSON request
per stdin line with one JSON line on stdout. Every fit is timed here around the fit alone
(perf_counter), so process start and imports stay outside the timer, and the worker stays warm
between rounds exactly as the Node side does. Run with Debian's /usr/bin/python3."""
import json
import multiprocessing
import sys
import time
from contextlib import nullcontext

import numpy as np
import xgboost as xgb
import sklearn
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_info, threadpool_limits

data = {}
models = {}


def load(path, rows, cols):
    a = np.fromfile(path, dtype="<f8")
    return a.reshape(rows, cols) if cols > 1 else a


def rmse(a, b):
    return float(np.sqrt(np.mean((a - b) ** 2)))


def xgb_params(p, threads, base_score):
    return {
        "tree_method": "hist", "max_depth": p["max_depth"], "eta": p["learning_rate"], "lambda": p["lambda"],
        "max_bin": p["max_bins"], "nthread": threads, "objective": "reg:squarederror", "base_score": base_score,
        "min_child_weight": p.get("min_child_weight", 1), "gamma": p.get("gamma", 0),
        "subsample": p.get("subsample", 1), "colsample_bytree": p.get("colsample_bytree", 1), "seed": 1,
    }


pool = None


def numpy_ridge(X, y, alpha):
    """Ridge on standardised columns in closed form: (ZᵀZ + αI) β = Zᵀ(y − ȳ), timed."""
    t, c = time.perf_counter(), time.process_time()
    mu = X.mean(axis=0)
    sd = X.std(axis=0)
    Z = (X - mu) / sd
    ybar = y.mean()
    G = Z.T @ Z
    G[np.diag_indices_from(G)] += alpha
    beta = np.linalg.solve(G, Z.T @ (y - ybar))
    coef = beta / sd
    intercept = ybar - coef @ mu
    s, c = time.perf_counter() - t, time.process_time() - c
    return {"seconds": s, "cpu_seconds": c, "coef": coef.tolist(), "intercept": float(intercept)}


def fit_fold(job):
    req, k = job
    Xtr, ytr = data[f"{req['id']}_{k}_Xtr"], data[f"{req['id']}_{k}_ytr"]
    if req["model"] == "ridge":
        return make_pipeline(StandardScaler(), Ridge(alpha=req["alpha"])).fit(Xtr, ytr)
    p = req["params"]
    d = xgb.DMatrix(Xtr, label=ytr, nthread=req["threads"])
    return xgb.train(xgb_params(p, req["threads"], float(np.mean(ytr))), d, num_boost_round=p["n_estimators"])


def handle(req):
    op = req["op"]
    if op == "hello":
        return {"numpy": np.__version__, "xgboost": xgb.__version__, "sklearn": sklearn.__version__}
    if op == "load":
        # {name: [path, rows, cols]}
        for name, (path, rows, cols) in req["arrays"].items():
            data[name] = load(path, rows, cols)
        return {"loaded": sorted(req["arrays"])}
    if op == "xgb_fit":
        X, y = data[req["X"]], data[req["y"]]
        threads = req["threads"]
        t = time.perf_counter()
        c = time.process_time()
        # DMatrix construction (xgboost's binning) is counted, as edgelab's binning is.
        d = xgb.DMatrix(X, label=y, nthread=threads)
        booster = xgb.train(xgb_params(req["params"], threads, float(y.mean())), d, num_boost_round=req["params"]["n_estimators"])
        s = time.perf_counter() - t
        # CPU time of the whole process (all threads): a load-robust companion for 1-thread rows.
        cpu = time.process_time() - c
        models[req.get("keep", "last")] = booster
        out = {"seconds": s, "cpu_seconds": cpu}
        if "X_test" in req:
            out["rmse"] = rmse(booster.predict(xgb.DMatrix(data[req["X_test"]], nthread=threads)), data[req["y_test"]])
        return out
    if op == "xgb_predict":
        booster = models[req["model"]]
        booster.set_param({"nthread": req["threads"]})
        X = data[req["X"]]
        t = time.perf_counter()
        c = time.process_time()
        # inplace_predict reads the numpy array directly (no DMatrix): xgboost's fastest path.
        p = booster.inplace_predict(X)
        s = time.perf_counter() - t
        out = {"seconds": s, "cpu_seconds": time.process_time() - c, "checksum": float(np.sum(p))}
        if "y" in req:
            out["rmse"] = rmse(p, data[req["y"]])
        return out
    if op == "numpy_ridge":
        X, y, alpha = data[req["X"]], data[req["y"]], req["alpha"]
        # BLAS threads pinned for this fit (the worker starts with OPENBLAS_NUM_THREADS = cores,
        # the most a request may ask for); the threads in effect are reported back.
        threads = req.get("threads")
        with threadpool_limits(limits=threads, user_api="blas") if threads else nullcontext():
            blas = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
            return {**numpy_ridge(X, y, alpha), "blas_threads": blas}
    if op == "folds":
        # Walk-forward folds (bench/train.ts): fit every fold (timed), then predict each fold's test
        # weeks (not timed, as on the Node side). workers 1: one after the other in this process;
        # workers 2: a warm process pool (forked after the data was loaded, created outside the
        # timer), one fold per task, like edgelab's fold-parallel worker threads.
        global pool
        k_folds = range(req["folds"])
        t = time.perf_counter()
        if req["workers"] > 1:
            fitted = pool.map(fit_fold, [(req, k) for k in k_folds])
        else:
            fitted = [fit_fold((req, k)) for k in k_folds]
        s = time.perf_counter() - t
        sq, n = 0.0, 0
        for k, m in zip(k_folds, fitted):
            Xte, yte = data[f"{req['id']}_{k}_Xte"], data[f"{req['id']}_{k}_yte"]
            e = (m.predict(Xte) if req["model"] == "ridge" else m.predict(xgb.DMatrix(Xte))) - yte
            sq += float(np.nansum(e * e))
            n += int(np.isfinite(e).sum())
        return {"seconds": s, "rmse": (sq / n) ** 0.5 if n else None}
    if op == "pool":
        pool = multiprocessing.get_context("fork").Pool(req["workers"])
        pool.map(abs, range(req["workers"] * 4))  # workers started and answering
        return {}
    raise ValueError(f"unknown op {op}")


for line in sys.stdin:
    try:
        print(json.dumps({"ok": True, **handle(json.loads(line))}), flush=True)
    except Exception as e:  # report, keep serving
        print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"}), flush=True)
