"""The NILM houses at 1 min: whole-house active power, each appliance's own power, and which
appliances each house has labelled (a house without a label for an appliance neither teaches nor
scores it).

- UK-DALE house 2 and REFIT house 2: the monthly `Time,Aggregate,<appliances>` files (1 min).
- REDD house 5: its 24 circuits at 3-4 s, averaged per minute; the house is the sum of the circuits
  over the minutes every circuit has data (the mains channels are not in the data set). Microwave
  (3) and dishwasher (20) are labelled; its washer_dryer (8, 9) is a combined washer and electric
  dryer (a 240 V heating load no UK washing machine has), so washing machine is left unlabelled
  there, and REDD has no kettle circuit.
"""
import glob
import gzip
import os

import numpy as np
import pandas as pd

APPLIANCES = ["kettle", "microwave", "dishwasher", "washing_machine"]
# Per-minute ON thresholds (W) and minimum ON / OFF durations (minutes) of an activation: the usual
# NILM ones (Kelly & Knottenbelt 2015) rounded to whole minutes.
ON_WATTS = {"kettle": 2000.0, "microwave": 200.0, "dishwasher": 10.0, "washing_machine": 20.0}
MIN_ON = {"kettle": 1, "microwave": 1, "dishwasher": 30, "washing_machine": 30}
MIN_OFF = {"kettle": 1, "microwave": 1, "dishwasher": 30, "washing_machine": 3}
UK_COLUMNS = {"kettle": "Kettle", "microwave": "Microwave", "dishwasher": "Dishwasher",
              "washing_machine": "WashingMachine"}
REDD_CHANNELS = {"microwave": [3], "dishwasher": [20]}

DATASETS = os.environ.get("WATTFLOW_DATASETS",
                          os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/datasets"))


class House:
    """One house on a regular 1-min grid; NaN where there is no reading."""

    def __init__(self, name, start_minute, aggregate, targets, labelled):
        self.name = name
        self.start_minute = start_minute      # minutes since the epoch of index 0 (naive local time as given)
        self.aggregate = aggregate.astype(np.float32)
        self.targets = targets.astype(np.float32)   # [appliances, minutes], 0 where unlabelled
        self.labelled = np.asarray(labelled, dtype=bool)  # [appliances]

    def __len__(self):
        return len(self.aggregate)


def uk_house(prefix, name):
    files = sorted(glob.glob(os.path.join(DATASETS, "uk-dale-refit-1min", prefix + "_House2_*.csv.gz")))
    df = pd.concat([pd.read_csv(f, parse_dates=["Time"]) for f in files]).set_index("Time")
    minutes = (df.index.values.astype("datetime64[m]").astype(np.int64))
    start = minutes[0]
    n = minutes[-1] - start + 1
    agg = np.full(n, np.nan, np.float32)
    agg[minutes - start] = df["Aggregate"].values
    agg[agg <= 0] = np.nan  # a house never draws nothing: the files fill their gaps with zeros
    targets = np.zeros((len(APPLIANCES), n), np.float32)
    for i, a in enumerate(APPLIANCES):
        targets[i, minutes - start] = df[UK_COLUMNS[a]].values
    return House(name, start, agg, np.nan_to_num(targets), [True] * len(APPLIANCES))


def redd_house5():
    folder = os.path.join(DATASETS, "redd-house5")
    per_minute = {}
    for path in sorted(glob.glob(os.path.join(folder, "channel_*.dat.gz"))):
        ch = int(os.path.basename(path).split("_")[1].split(".")[0])
        raw = np.loadtxt(gzip.open(path, "rt"))
        m = (raw[:, 0] // 60).astype(np.int64)
        s = pd.Series(raw[:, 1]).groupby(m).mean()
        per_minute[ch] = s
    frame = pd.DataFrame(per_minute).dropna()  # minutes every circuit has data
    start = int(frame.index.min())
    n = int(frame.index.max()) - start + 1
    idx = frame.index.values.astype(np.int64) - start
    agg = np.full(n, np.nan, np.float32)
    agg[idx] = frame.sum(axis=1).values
    targets = np.zeros((len(APPLIANCES), n), np.float32)
    labelled = []
    for i, a in enumerate(APPLIANCES):
        chans = REDD_CHANNELS.get(a)
        labelled.append(chans is not None)
        if chans:
            targets[i, idx] = frame[chans].sum(axis=1).values
    return House("redd-5", start, agg, targets, labelled)


def houses():
    return [uk_house("UKDALE", "ukdale-2"), uk_house("REFIT", "refit-2"), redd_house5()]


def synthetic_houses(folder):
    """The project's synthetic 1 Hz households (`wattflow generate`): each appliance's true power per second in
    appliances.csv.gz, averaged per minute; the house is the sum of every appliance column (standby, fridge,
    freezer, oven, lighting, EV charger and heat pump included: loads that look like the four but are not)."""
    df = pd.read_csv(os.path.join(folder, "appliances.csv.gz"), parse_dates=["timestamp"])
    df["minute"] = df["timestamp"].values.astype("datetime64[m]").astype(np.int64)
    columns = [c for c in df.columns if c not in ("meter_id", "timestamp", "minute")]
    out = []
    for meter, g in df.groupby("meter_id"):
        per = g.groupby("minute")[columns].mean()
        start = int(per.index.min())
        n = int(per.index.max()) - start + 1
        idx = per.index.values.astype(np.int64) - start
        agg = np.full(n, np.nan, np.float32)
        agg[idx] = per[columns].sum(axis=1).values
        targets = np.zeros((len(APPLIANCES), n), np.float32)
        for i, a in enumerate(APPLIANCES):
            targets[i, idx] = per[a].values
        out.append(House("synthetic-" + meter, start, agg, targets, [True] * len(APPLIANCES)))
    return out


def activations(series, appliance):
    """[start, end) minute ranges of one appliance's activations (ON threshold, min ON, min OFF)."""
    on = np.nan_to_num(series) >= ON_WATTS[appliance]
    runs = []
    i, n = 0, len(on)
    while i < n:
        if on[i]:
            j = i
            while j < n and on[j]:
                j += 1
            if runs and i - runs[-1][1] < MIN_OFF[appliance]:
                runs[-1][1] = j
            else:
                runs.append([i, j])
            i = j
        else:
            i += 1
    return [(s, e) for s, e in runs if e - s >= MIN_ON[appliance]]
