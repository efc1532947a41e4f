"""Historical time zones for dating archival documents.

* :mod:`~chronology.zones.tzdb` -- offsets from the pinned ``tzdata`` package only, and
  resolution of wall-clock readings (including folds and gaps) to UTC instants;
* :mod:`~chronology.zones.gazetteer` -- place names, old and new, mapped to IANA zones;
* :mod:`~chronology.zones.designators` -- explicit clock words such as "Moscow time",
  "EST" or a military "Z".

Heavy work (reading tzdata's tables, compiling the place-name pattern) happens on first
use, not at import.
"""

from chronology.zones.designators import (
    MILITARY_ZONES,
    Designation,
    find_designators,
    military_zone_offset,
    parse_designator,
)
from chronology.zones.gazetteer import Place, find_place, lookup, normalize_name, places
from chronology.zones.tzdb import (
    TZDATA_PACKAGE_VERSION,
    TZDATA_VERSION,
    LocalResolution,
    UnknownZone,
    available_zones,
    canonical_zone,
    format_offset,
    get_zone,
    interval_to_utc,
    local_to_utc,
    worst_status,
)

__all__ = [
    "MILITARY_ZONES",
    "TZDATA_PACKAGE_VERSION",
    "TZDATA_VERSION",
    "Designation",
    "LocalResolution",
    "Place",
    "UnknownZone",
    "available_zones",
    "canonical_zone",
    "find_designators",
    "find_place",
    "format_offset",
    "get_zone",
    "interval_to_utc",
    "local_to_utc",
    "lookup",
    "military_zone_offset",
    "normalize_name",
    "parse_designator",
    "places",
    "worst_status",
]
