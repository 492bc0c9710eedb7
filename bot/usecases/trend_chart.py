"""A trend as a PNG chart that reads on a phone: a title, labelled axes, a legend, dates on
the x axis, and each series' 30-day average as a dashed line in its colour.

matplotlib's object API with the Agg canvas, never pyplot: pyplot keeps global figures and
state, and the bot renders from worker threads. matplotlib is imported when a chart is
drawn, not with the bot.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bot.usecases.surges import AVERAGE_DAYS
from bot.usecases.trends import Trend

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["CHART_PIXELS", "render_png"]

# 1280 x 720 pixels: 16:9, sharp on a phone, small enough to send quickly (60 to 200 KB).
_INCHES = (8.0, 4.5)
_DPI = 160
CHART_PIXELS = (round(_INCHES[0] * _DPI), round(_INCHES[1] * _DPI))
_COLOURS = ("#1f5fa8", "#d2691e", "#2e8b57", "#8b1a89")  # distinct in colour-blind pairs too
_TITLE_CHARS = 60


def render_png(trend: Trend) -> bytes:
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - heavy
    from matplotlib.figure import Figure  # noqa: PLC0415

    figure = Figure(figsize=_INCHES, dpi=_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    several = len(trend.series) > 1
    for number, series in enumerate(trend.series):
        colour = _COLOURS[number % len(_COLOURS)]
        days = np.array([day for day, _ in series.points], dtype="datetime64[D]")
        counts = [count for _, count in series.points]
        name = _short(series.query, 28)
        if several:
            axes.plot(days, counts, color=colour, linewidth=1.8, label=name)
        else:
            width = 0.8 if trend.by == "day" else 5.6
            axes.bar(days, counts, width=width, color=colour, alpha=0.55, label=name)
        axes.plot(
            days,
            series.averages,
            color=colour,
            linewidth=2.2,
            linestyle="--",
            label=f"{name}: {AVERAGE_DAYS}-day average"
            if several
            else f"{AVERAGE_DAYS}-day average",
        )
    _decorate(axes, trend)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=_DPI, metadata={"Software": None})
    return out.getvalue()


def _decorate(axes: Axes, trend: Trend) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter  # noqa: PLC0415
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    names = " vs ".join(series.query for series in trend.series)
    axes.set_title(f"Mentions of {_short(names, _TITLE_CHARS)}", fontsize=15, loc="left")
    axes.set_xlabel(
        f"{trend.since.isoformat()} to {trend.until.isoformat()}, by publication day", fontsize=11
    )
    axes.set_ylabel(f"Articles per {trend.by}", fontsize=12)
    locator = AutoDateLocator(minticks=4, maxticks=8)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(labelsize=11)
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=10, loc="upper left", frameon=False)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
