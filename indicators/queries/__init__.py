"""Reads for the indicator pages, exports, commands and other apps: one layer, in five modules.

The pages show many indicators at once (60 indicators x 36 months on a scorecard), so nothing
here queries per indicator: each function reads every value it needs in one or two queries and
groups them in Python.

- ``catalogue``: which indicators an authority sees (``indicators_for``, ``catalogue_for``), in
  which order, and its statistical neighbours (``neighbour_codes``).
- ``scorecard``: ``scorecard(la)`` (one ScorecardRow per indicator: latest value, trend, target,
  RAG, England, region and neighbours, rank, commentary, and how the pages write each),
  ``scorecard_rows`` (the same grouped by theme and cached, for the page, exports and board pack),
  the month-by-month grids, and ``indicator_summary`` (the contract plans use, docs/developing.md).
- ``indicator``: ``benchmark`` (what `sendsight benchmark --json` prints), ``indicator_history``
  and ``indicator_view`` (the indicator page).
- ``public``: the public dashboard, every local figure through suppression.
- ``cache``: built pages kept per process until the data version changes (``data_version``).
"""

from .cache import cached as cached
from .cache import clear_caches as clear_caches
from .cache import data_version as data_version
from .catalogue import DEFAULT_NEIGHBOUR_SET as DEFAULT_NEIGHBOUR_SET
from .catalogue import catalogue_for as catalogue_for
from .catalogue import in_theme_order as in_theme_order
from .catalogue import indicator_for as indicator_for
from .catalogue import indicators_for as indicators_for
from .catalogue import neighbour_codes as neighbour_codes
from .catalogue import owners as owners
from .catalogue import public_indicators as public_indicators
from .indicator import HistoryRow as HistoryRow
from .indicator import IndicatorView as IndicatorView
from .indicator import benchmark as benchmark
from .indicator import commentary_history as commentary_history
from .indicator import indicator_history as indicator_history
from .indicator import indicator_view as indicator_view
from .indicator import latest_published_period as latest_published_period
from .indicator import quartiles as quartiles
from .indicator import rank_of as rank_of
from .indicator import target_history as target_history
from .indicator import value_versions as value_versions
from .public import authority_dashboard as authority_dashboard
from .public import england_dashboard as england_dashboard
from .public import england_overview as england_overview
from .public import what_this_means as what_this_means
from .scorecard import MONTH_TYPES as MONTH_TYPES
from .scorecard import NOT_PUBLISHED as NOT_PUBLISHED
from .scorecard import SCORECARD_MONTHS as SCORECARD_MONTHS
from .scorecard import Point as Point
from .scorecard import ScorecardRow as ScorecardRow
from .scorecard import history_columns as history_columns
from .scorecard import history_grid as history_grid
from .scorecard import indicator_summary as indicator_summary
from .scorecard import month_grid as month_grid
from .scorecard import scorecard as scorecard
from .scorecard import scorecard_months as scorecard_months
from .scorecard import scorecard_rows as scorecard_rows
