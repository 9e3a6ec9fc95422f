"""Loads the real recordings used to train and cross-validate the heat-pump models.

Everything is put on one 15-minute grid (96 steps a day). Timestamps are taken as given by the
sources (CKW and its weather: naive local time; OPSD: UTC); the models see energy and temperature
sequences, never clock time, so the difference only shifts which intervals form a day.
"""
import os
import subprocess

import numpy as np
import pandas as pd

DATASETS = os.environ.get("WATTFLOW_DATASETS",
                          os.path.join(os.path.dirname(__file__), "../../../shared/datasets"))
CKW = os.path.join(DATASETS, "ckw-heatpump-15min")
OPSD = os.path.join(DATASETS, "opsd-household-hourly/household_data_60min.csv.gz")
STEPS_PER_DAY = 96


class Home:
    """One meter: total energy per 15 min, heat-pump energy (zeros without one), outdoor temperature."""

    def __init__(self, name, total, heat_pump, temperature, has_heat_pump):
        self.name = name
        self.total = np.asarray(total, dtype=np.float32)
        self.heat_pump = np.asarray(heat_pump, dtype=np.float32)
        self.temperature = np.asarray(temperature, dtype=np.float32)
        self.has_heat_pump = has_heat_pump

    @property
    def rest(self):
        """The home without its heat pump: what a home without one would look like."""
        return np.clip(self.total - self.heat_pump, 0, None)


def _grid(series, index):
    # A few intervals are missing or doubled in the CKW export: average doubles, carry gaps.
    s = series.groupby(level=0).mean().reindex(index)
    return s.interpolate(limit_direction="both").to_numpy()


def load_ckw():
    total = pd.read_csv(os.path.join(CKW, "heatpump_households_total.csv"), parse_dates=["timestamp"])
    hp = pd.read_csv(os.path.join(CKW, "heatpump_households_heatpump_only.csv"), parse_dates=["timestamp"])
    none = pd.read_csv(os.path.join(CKW, "households_without_heatpump.csv"), parse_dates=["timestamp"])
    weather = pd.read_csv(os.path.join(CKW, "weather_hourly.csv"), parse_dates=["timestamp"])
    start = total.timestamp.min().ceil("D")
    index = pd.date_range(start, periods=29 * STEPS_PER_DAY, freq="15min")
    temp = weather.set_index("timestamp")["temp"].reindex(index.floor("h")).interpolate(
        limit_direction="both").to_numpy()
    homes = []
    for meter, g in total.groupby("meter_id"):
        t = _grid(g.set_index("timestamp")["kwh"], index)
        h = _grid(hp[hp.meter_id == meter].set_index("timestamp")["kwh"], index)
        homes.append(Home(f"ckw-hp-{meter}", t, h, temp, True))
    for meter, g in none.groupby("meter_id"):
        t = _grid(g.set_index("timestamp")["kwh"], index)
        homes.append(Home(f"ckw-no-{meter}", t, np.zeros_like(t), temp, False))
    return homes


def load_opsd_rest():
    """OPSD DE_KN_residential4 without its heat pump (EV, PV self-consumption included), winter
    days only, as 15-min energy (each hour split evenly). Used as homes without a heat pump."""
    o = pd.read_csv(OPSD, parse_dates=["utc_timestamp"]).set_index("utc_timestamp")
    p = "DE_KN_residential4_"
    d = o[[p + "grid_import", p + "grid_export", p + "pv", p + "heat_pump"]].diff()
    use = (d[p + "grid_import"] + d[p + "pv"].fillna(0) - d[p + "grid_export"].fillna(0) - d[p + "heat_pump"])
    use = use.clip(lower=0).dropna()
    use = use[use.index.month.isin([11, 12, 1, 2])]
    days = [g.to_numpy() for _, g in use.groupby(use.index.date) if len(g) == 24]
    hourly = np.concatenate(days)
    return np.repeat(hourly / 4.0, 4).astype(np.float32)


SYNTHETIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "synthetic")
REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")


def load_synthetic(households=40, days=28, seed=7):
    """The project's synthetic households (Java generator, 1 Hz summed per quarter hour, each in its
    own climate), generated on first use into models/training/synthetic/ (not committed)."""
    path = os.path.join(SYNTHETIC, "quarter_hours.csv")
    if not os.path.exists(path):
        subprocess.run([os.path.join(REPO, "wattflow"), "generate", "--quarter-hours", "--households", str(households),
                        "--hours", str(days * 24), "--start", "2024-01-01T00:00:00Z", "--seed", str(seed),
                        "--out", SYNTHETIC], check=True)
    d = pd.read_csv(path)
    homes = []
    for meter, g in d.groupby("meter_id", sort=True):
        hp = g["heat_pump_kwh"].to_numpy()
        homes.append(Home(f"synthetic-{meter}", g["kwh"].to_numpy(), hp, g["temperature_c"].to_numpy(), hp.sum() > 0))
    return homes
