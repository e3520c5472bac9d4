"""Who knows whom: algorithms as pure functions of the collaboration graph.

The graph is the one ``graph.stores.embedded.memory_index`` keeps: professionals are
nodes named by their id; ``("team", id)`` and ``("org", id)`` are hub nodes;
a direct edge between two professionals carries ``shared`` (cases together)
and ``knows`` (0-2 directions).

The parts: ``links`` (one step: tie strength and step costs), ``paths``
(the strongest connection), ``ties`` (two-step tie strength) and
``neighbourhood`` (ego networks, mutual contacts, brokers, organisations).
Everything is importable from ``graph.network`` itself.
"""

from graph.network.links import MAX_HUB, ORG_HOP, TEAM_HOP, Step, hop_costs, link_strength
from graph.network.neighbourhood import brokers, ego_network, links_among, mutual_contacts, organisation_links
from graph.network.paths import near_path, strongest_path
from graph.network.ties import (
    MAX_TEAM,
    TEAM_TIE,
    ties,
    two_hop_strength,
    two_hop_strength_among,
    two_hop_strength_to,
)

__all__ = [
    "MAX_HUB", "MAX_TEAM", "ORG_HOP", "TEAM_HOP", "TEAM_TIE", "Step", "brokers", "ego_network",
    "hop_costs", "link_strength", "links_among", "mutual_contacts", "near_path", "organisation_links",
    "strongest_path", "ties", "two_hop_strength", "two_hop_strength_among",
    "two_hop_strength_to",
]
