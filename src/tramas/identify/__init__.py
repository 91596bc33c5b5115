"""Candidate clusters from economic data, before any survey is run.

Location quotients find regional concentrations of a sector in employment (or
establishment, or output) tables; input–output linkages find groups of sectors that buy
from and sell to each other.
"""

from tramas.identify.input_output import IOClusters, io_clusters, linkage_matrix, read_flow_table
from tramas.identify.location import LocationQuotients, location_quotients, read_region_sector_table
from tramas.identify.sector_map import sector_map_svg

__all__ = [
    "IOClusters",
    "LocationQuotients",
    "io_clusters",
    "linkage_matrix",
    "location_quotients",
    "read_flow_table",
    "read_region_sector_table",
    "sector_map_svg",
]
