# Reference for bench/pbp-import.ts: pandas read_csv of an nflverse play-by-play file plus the
# same per-team-game aggregation edgelab does. Reads commands on stdin (one path per line) and
# answers with the seconds the work took, so imports and start-up stay outside the timer.
import sys
import time

import pandas as pd

NEEDED = ["game_id", "posteam", "epa", "yards_gained", "success", "pass", "rush", "drive"]


def aggregate(path, usecols):
    t0 = time.perf_counter()
    df = pd.read_csv(path, usecols=NEEDED if usecols else None, na_values=["NA"], low_memory=False)
    p = df[((df["pass"] == 1) | (df["rush"] == 1)) & df["epa"].notna() & df["posteam"].notna()].copy()
    p["pass_yards"] = p["yards_gained"].where(p["pass"] == 1)
    p["rush_yards"] = p["yards_gained"].where(p["rush"] == 1)
    p["success_epa"] = p["epa"].where(p["success"] == 1)
    p["pass_epa"] = p["epa"].where(p["pass"] == 1)
    p["rush_epa"] = p["epa"].where(p["rush"] == 1)
    p["pass_success"] = p["success"].where(p["pass"] == 1)
    p["rush_success"] = p["success"].where(p["rush"] == 1)
    # Explosive: a pass of 20+ yards or a rush of 10+ (as src/data/sources/nflverse/pbp.ts).
    p["explosive"] = (((p["pass"] == 1) & (p["yards_gained"] >= 20)) | ((p["rush"] == 1) & (p["yards_gained"] >= 10))).astype(float)
    out = p.groupby(["game_id", "posteam"]).agg(
        plays=("epa", "size"),
        epa_per_play=("epa", "mean"),
        success_rate=("success", "mean"),
        yards_per_play=("yards_gained", "mean"),
        rush_yards_per_play=("rush_yards", "mean"),
        pass_yards_per_play=("pass_yards", "mean"),
        explosiveness=("success_epa", "mean"),
        drives=("drive", "nunique"),
        pass_epa_per_play=("pass_epa", "mean"),
        rush_epa_per_play=("rush_epa", "mean"),
        pass_success_rate=("pass_success", "mean"),
        rush_success_rate=("rush_success", "mean"),
        explosive_play_rate=("explosive", "mean"),
    )
    return time.perf_counter() - t0, len(out)


for line in sys.stdin:
    mode, path = line.strip().split(" ", 1)
    secs, n = aggregate(path, mode == "usecols")
    print(f"{secs:.6f} {n}", flush=True)
