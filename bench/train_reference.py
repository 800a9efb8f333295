"""Reference walk-forward for bench/train.ts: the same folds (exported design matrices, same
training rows, same refits) fitted by scikit-learn Ridge and xgboost hist. Prints one JSON
object with the fit seconds and the out-of-sample RMSE. Run with Debian's /usr/bin/python3."""
import json
import sys
import time

import numpy as np

out = sys.argv[1]
meta = json.load(open(f"{out}/meta.json"))


def load(name, rows, cols):
    a = np.fromfile(f"{out}/{name}.f64", dtype="<f8")
    return a.reshape(rows, cols) if cols > 1 else a


result = {}
for exp in meta["experiments"]:
    kind = exp["model"]
    folds = exp["folds"]
    p = exp["p"]
    data = []
    for k, f in enumerate(folds):
        Xtr = load(f"{exp['id']}_{k}_Xtr", f["n_train"], p)
        ytr = load(f"{exp['id']}_{k}_ytr", f["n_train"], 1)
        Xte = load(f"{exp['id']}_{k}_Xte", f["n_test"], p)
        yte = load(f"{exp['id']}_{k}_yte", f["n_test"], 1)
        data.append((Xtr, ytr, Xte, yte))
    t = time.perf_counter()
    sq, n = 0.0, 0
    if kind == "ridge":
        from sklearn.linear_model import Ridge
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        for Xtr, ytr, Xte, yte in data:
            m = make_pipeline(StandardScaler(), Ridge(alpha=exp["alpha"])).fit(Xtr, ytr)
            e = m.predict(Xte) - yte
            sq += float(np.nansum(e * e)); n += int(np.isfinite(e).sum())
    else:
        import xgboost as xgb
        prm = exp["params"]
        for Xtr, ytr, Xte, yte in data:
            m = xgb.XGBRegressor(tree_method="hist", n_jobs=2, n_estimators=prm["n_estimators"], learning_rate=prm["learning_rate"],
                                 max_depth=prm["max_depth"], min_child_weight=prm["min_child_weight"], reg_lambda=prm["lambda"],
                                 gamma=prm["gamma"], subsample=prm["subsample"], colsample_bytree=prm["colsample_bytree"],
                                 max_bin=prm["max_bins"], base_score=float(np.mean(ytr)), random_state=1)
            m.fit(Xtr, ytr)
            e = m.predict(Xte) - yte
            sq += float(np.nansum(e * e)); n += int(np.isfinite(e).sum())
    result[exp["id"]] = {"seconds": time.perf_counter() - t, "rmse": (sq / n) ** 0.5 if n else None, "folds": len(folds)}
print(json.dumps(result))
