"""The heat-pump models as torch modules. Every module takes the normalised window the Java
operator builds (channel 0: kWh per 15 min / ENERGY_SCALE, channel 1: (degC - TEMP_MEAN) / TEMP_SCALE)
and does any further feature work inside the graph, so the ONNX file is the whole model."""
import torch
from torch import nn

ENERGY_SCALE = 0.25   # kWh per 15 min
TEMP_MEAN = 5.0       # degC
TEMP_SCALE = 5.0      # degC
DETECTION_WINDOW = 672
DISAGG_WINDOW = 96


def log_energy(x):
    # kWh spans 0.001..3 per interval: a log keeps small homes and heat-pump runs on one scale.
    return torch.log1p(torch.relu(x[:, 0:1, :]) * (ENERGY_SCALE / 0.02))


class DetectionCnn(nn.Module):
    """7 days of 15-min energy and temperature -> probability that the meter has a heat pump."""

    def __init__(self, width=16):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv1d(2, width, 5, padding=2), nn.ReLU(), nn.MaxPool1d(4),
            nn.Conv1d(width, 2 * width, 5, padding=2), nn.ReLU(), nn.MaxPool1d(4),
            nn.Conv1d(2 * width, 2 * width, 5, padding=2), nn.ReLU())
        self.head = nn.Linear(4 * width, 1)

    def forward(self, x):
        h = self.features(torch.cat([log_energy(x), x[:, 1:2, :]], dim=1))
        pooled = torch.cat([h.mean(dim=2), h.amax(dim=2)], dim=1)
        return torch.sigmoid(self.head(pooled))


class DetectionEnsemble(nn.Module):
    """The mean probability of several DetectionCnn trained from different seeds: with ten real homes
    one network's verdict on an unseen home depends on its seed; the mean does much less."""

    def __init__(self, members):
        super().__init__()
        self.members = nn.ModuleList(members)

    def forward(self, x):
        return torch.stack([member(x) for member in self.members]).mean(dim=0)


def handcrafted_features(x):
    """The simple method's features, per window: how night and daily energy follow the cold, the
    share of intervals above 0.25 and above 1 kWh, the on/off step rate, the energy level and the
    night share."""
    kwh = torch.relu(x[:, 0, :]) * ENERGY_SCALE
    temp = x[:, 1, :] * TEMP_SCALE + TEMP_MEAN
    b = kwh.shape[0]
    days_kwh = kwh.reshape(b, 7, 96)
    days_temp = temp.reshape(b, 7, 96)
    daily = days_kwh.sum(dim=2)
    night = days_kwh[:, :, 0:24].sum(dim=2)
    cold = -days_temp.mean(dim=2)

    def corr(a, c):
        a = a - a.mean(dim=1, keepdim=True)
        c = c - c.mean(dim=1, keepdim=True)
        return (a * c).sum(dim=1) / torch.sqrt((a * a).sum(dim=1) * (c * c).sum(dim=1) + 1e-9)

    steps = (torch.abs(kwh[:, 1:] - kwh[:, :-1]) > 0.1).float().mean(dim=1)
    return torch.stack([
        corr(daily, cold), corr(night, cold),
        (kwh > 0.25).float().mean(dim=1), (kwh > 1.0).float().mean(dim=1), steps,
        torch.log(kwh.mean(dim=1) + 1e-3), night.sum(dim=1) / (daily.sum(dim=1) + 1e-6)], dim=1)


class DetectionLogistic(nn.Module):
    """Logistic regression on handcrafted_features; the standardisation is part of the graph."""

    def __init__(self, n_features=7):
        super().__init__()
        self.register_buffer("mean", torch.zeros(n_features))
        self.register_buffer("std", torch.ones(n_features))
        self.linear = nn.Linear(n_features, 1)

    def forward(self, x):
        f = (handcrafted_features(x) - self.mean) / self.std
        return torch.sigmoid(self.linear(f))


class DisaggregationCnn(nn.Module):
    """One day of 15-min energy and temperature -> the heat pump's kWh in each interval. The net
    corrects the night-baseload rule's share of each interval (in logit space, starting at zero),
    so the estimate never exceeds the meter and never starts worse than the rule."""

    def __init__(self, width=24):
        super().__init__()
        layers, c = [], 4
        for d in (1, 2, 4, 8, 16, 1):
            layers += [nn.Conv1d(c, width, 3, padding=d, dilation=d), nn.ReLU()]
            c = width
        self.body = nn.Sequential(*layers)
        self.out = nn.Conv1d(width, 1, 1)
        # Start from the simple rule exactly; training only learns corrections to it.
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, x):
        le = log_energy(x)
        kwh = torch.relu(x[:, 0:1, :]) * ENERGY_SCALE
        base = kwh[:, :, 0:20].amin(dim=2, keepdim=True)
        rule_share = torch.relu(kwh - base) / (kwh + 1e-4)
        floor = torch.log1p(base / 0.02).expand_as(le)
        h = self.body(torch.cat([le, x[:, 1:2, :], floor, rule_share], dim=1))
        rule_logit = torch.log((rule_share + 1e-3) / (1 - rule_share + 1e-3))
        share = torch.sigmoid(rule_logit + self.out(h))[:, 0, :]
        return share * kwh[:, 0, :]


class SevenNightBaseloadRule(nn.Module):
    """The simple method with a longer memory: heat pump = the last day's load above the home's night
    baseload, the lowest 00-05 h quarter hour of the window's seven nights. One night's lowest
    quarter is lifted whenever the heat pump runs all night; the week's is much less often."""

    window = DETECTION_WINDOW

    def forward(self, x):
        kwh = torch.relu(x[:, 0, :]) * ENERGY_SCALE
        nights = kwh.reshape(-1, 7, 96)[:, :, 0:20]
        base = nights.amin(dim=2).amin(dim=1, keepdim=True)
        return torch.relu(kwh[:, -96:] - base)


class NightCappedBaseloadRule(nn.Module):
    """The seven-night rule with night meaning 22:00-06:00 and a cap: heat pump = the last day's load
    above the lowest night quarter hour of the window's seven nights, but never more than the largest
    such excess in those nights. At night the household sleeps and the largest load above the
    baseload is the heat pump running flat out; by day a larger excess is the household (an oven, a
    kettle, an EV) on top of it. 22:00-06:00 and not 00:00-05:00: heat pumps start their night runs
    at 22:00 when the low tariff begins (ckw-hp-1911... draws its most then)."""

    window = DETECTION_WINDOW

    def __init__(self):
        super().__init__()
        self.night = (slice(0, 24), slice(88, 96))   # 00:00-06:00 and 22:00-24:00 of each day

    def forward(self, x):
        kwh = torch.relu(x[:, 0, :]) * ENERGY_SCALE
        days = kwh.reshape(-1, 7, 96)
        nights = torch.cat([days[:, :, s] for s in self.night], dim=2)
        base = nights.amin(dim=2).amin(dim=1, keepdim=True)
        cap = (nights.amax(dim=2).amax(dim=1, keepdim=True) - base)
        return torch.minimum(torch.relu(kwh[:, -96:] - base), cap)


class NightBaseloadRule(nn.Module):
    """The simple method: heat pump = load above the day's night baseload (lowest 00-05 h interval)."""

    def forward(self, x):
        kwh = torch.relu(x[:, 0, :]) * ENERGY_SCALE
        base = kwh[:, 0:20].amin(dim=1, keepdim=True)
        return torch.relu(kwh - base)
