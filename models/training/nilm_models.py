"""The NILM network: one small dilated 1-D CNN for all appliances, status times power.

Input: a window of 256 minutes of whole-house active power (W / 1000). The network first subtracts
the window's own minimum (so a house's standby never matters) and also sees a log-compressed copy
(a 60 W fridge step and a 3 kW kettle in one dynamic range). Six residual dilated convolutions
(dilation 1..32, receptive field about 130 minutes either side) end in two heads per appliance over
the window's central 32 minutes: the probability the appliance is ON, and its power when ON. The
exported graph gives both: power gated by the status (0 when the probability is under 0.5) and the
probability itself, shape [batch, 2, appliances, 32].
"""
import torch
from torch import nn

WINDOW = 256
ESTIMATES = 32
OFFSET = (WINDOW - ESTIMATES) // 2   # minutes 112..143 of the window are estimated
POWER_SCALE_W = 1000.0
# Typical ON power per appliance (W), the scale the power head works in.
APPLIANCE_SCALE = [2500.0, 1000.0, 1500.0, 1000.0]


class NilmNet(nn.Module):
    def __init__(self, appliances=4, channels=32):
        super().__init__()
        self.appliances = appliances
        self.inp = nn.Conv1d(2, channels, 5, padding=2)
        self.blocks = nn.ModuleList(
            [nn.Conv1d(channels, channels, 3, padding=d, dilation=d) for d in (1, 2, 4, 8, 16, 32)])
        self.head = nn.Conv1d(channels, 2 * appliances, 1)
        self.register_buffer("scale", torch.tensor(APPLIANCE_SCALE[:appliances]).view(1, -1, 1))

    def forward(self, x):
        """x: [batch, 1, WINDOW] in kW; returns (status logits, power W), each [batch, appliances, ESTIMATES]."""
        z = x - x.min(dim=2, keepdim=True)[0]
        h = torch.relu(self.inp(torch.cat([z, torch.log1p(torch.relu(z) * 10.0)], dim=1)))
        for conv in self.blocks:
            h = h + torch.relu(conv(h))
        o = self.head(h)[:, :, OFFSET:OFFSET + ESTIMATES]
        a = self.appliances
        return o[:, :a], nn.functional.softplus(o[:, a:]) * self.scale


class Exported(nn.Module):
    """What ONNX Runtime serves: [batch, 2, appliances, ESTIMATES] = (gated power W, ON probability)."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, window):
        logit, power = self.net(window)
        prob = torch.sigmoid(logit)
        gated = power * (prob >= 0.5).float()
        return torch.stack([gated, prob], dim=1)


def parameters(model):
    return sum(p.numel() for p in model.parameters())
