"""A synthetic pool with realistic skew, for benchmarks (never for the demo).

``generate(professionals, cases)`` returns a ``kernteamdb/1`` document:
13 domains x 5 areas, one organisation per ~50 people, wijkteams for 14
wijken, ~30% wijkwerkers, specialists with 1-4 claims whose areas follow a
Zipf-like popularity, and cases over the last three years whose specialists
are drawn by preferential attachment (busy people get busier), so a few
specialists carry many cases, as in real networks. Deterministic by seed.

    python bench/synthetic.py --professionals 10000 --cases 100000 --out pool.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from bisect import bisect
from datetime import date, timedelta
from typing import Any

WIJKEN = ["Binnenstad", "De Groote Wielen", "Empel", "Engelen", "Graafsepoort", "Maaspoort",
          "Muntel/Vliert", "Noord", "Rosmalen Noord", "Rosmalen Zuid", "West", "Zuidoost",
          "Nuland", "Vinkel"]
OUTCOMES = ["zwaardere_zorg_voorkomen"] * 11 + ["doorverwezen"] * 5 + ["onbekend"] * 4
QUESTIONS = ["advies"] * 5 + ["meedenken"] * 4 + ["co-huisbezoek"] * 3 + ["opschalen"]
AGES = ["0-11", "12-17", "18-26", "27-64", "65+"]
HOUSEHOLDS = ["alleenstaand", "eenoudergezin", "paar", "gezin met kinderen", "meergeneratie", "anders"]


class Weighted:
    """Draw from a fixed list with fixed weights in O(log n)."""

    def __init__(self, items: list[Any], weights: list[float]) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def taxonomy() -> list[dict[str, Any]]:
    out = []
    for d in range(1, 14):
        out.append({"id": f"d{d:02d}", "label": f"Domein {d}", "label_en": f"Domain {d}"})
        for a in range(1, 6):
            out.append({"id": f"d{d:02d}-a{a:02d}", "label": f"Gebied {d}.{a}",
                        "label_en": f"Area {d}.{a}", "broader": f"d{d:02d}",
                        "synonyms": [f"term{d}x{a}", f"woord {d} {a}"]})
    return out


def generate(professionals: int, cases: int, seed: int = 7,
             today: date | None = None) -> dict[str, Any]:
    """A whole synthetic pool as an exchange document (see the module docstring)."""
    rng = random.Random(seed)
    today = today or date.today()
    expertise = taxonomy()
    areas = [a["id"] for a in expertise if "broader" in a]
    popular = Weighted(areas, [1 / (rank + 1) ** 0.9 for rank in range(len(areas))])
    n_orgs = max(5, professionals // 50)
    organisations = [{"id": f"o{i:05d}", "name": f"Organisatie {i}", "kind": "zorg",
                      "line": rng.choice("0122"),
                      "areas": sorted({popular.draw(rng) for _ in range(3)})}
                     for i in range(n_orgs)]
    teams = [{"id": f"wt{i:02d}", "name": f"Wijkteam {w}", "kind": "wijkteam", "wijk": w}
             for i, w in enumerate(WIJKEN)]
    teams += [{"id": f"kt{i:03d}", "name": f"Kernteam {i}", "kind": "expertiseteam"}
              for i in range(max(1, professionals // 200))]
    kernteams = [t["id"] for t in teams if t["kind"] == "expertiseteam"]

    people: list[dict[str, Any]] = []
    workers_by_team: dict[str, list[str]] = {t["id"]: [] for t in teams[:len(WIJKEN)]}
    specialists_by_area: dict[str, list[str]] = {a: [] for a in areas}
    for i in range(professionals):
        pid = f"p{i:06d}"
        wijk_team = rng.randrange(len(WIJKEN))
        person: dict[str, Any] = {"id": pid, "name": f"Persoon {i}",
                                  "organisation": f"o{rng.randrange(n_orgs):05d}"}
        if rng.random() < 0.3:
            team = f"wt{wijk_team:02d}"
            person.update(role="wijkwerker", teams=[team], wijken=[WIJKEN[wijk_team]],
                          expertise=[{"area": a, "level": rng.choice((1, 1, 2))}
                                     for a in sorted({popular.draw(rng) for _ in range(3)})])
            workers_by_team[team].append(pid)
        else:
            claimed = sorted({popular.draw(rng) for _ in range(rng.randint(1, 4))})
            person.update(role="specialist",
                          teams=[rng.choice(kernteams)] if rng.random() < 0.1 else [],
                          wijken=sorted(rng.sample(WIJKEN, rng.randint(1, 4))),
                          expertise=[{"area": a, "level": rng.choice((1, 2, 2, 3, 3))}
                                     for a in claimed],
                          hours_per_half_year=rng.choice((40, 40, 40, 20, 60)))
            for a in claimed:
                specialists_by_area[a].append(pid)
        person["email"] = f"persoon{i}@example.org"
        person["phone"] = f"06-{i % 100_000_000:08d}"
        person["confirmed"] = (today - timedelta(days=rng.randint(0, 720))).isoformat()
        if rng.random() < 0.03:
            person["active"] = False
        people.append(person)
    for i, person in enumerate(people):  # knows: mostly near neighbours (same era, same team)
        near = {f"p{(i + rng.randint(1, 50)) % professionals:06d}" for _ in range(rng.randint(2, 8))}
        person["knows"] = sorted(near - {person["id"]})

    load = {pid: 1.0 for ids in specialists_by_area.values() for pid in ids}
    team_ids = [t for t, workers in workers_by_team.items() if workers]
    out_cases = []
    span = 3 * 365
    for c in range(cases):
        opened = today - timedelta(days=span - span * c // max(1, cases) + rng.randint(0, 5))
        team = rng.choice(team_ids)
        need = sorted({popular.draw(rng) for _ in range(rng.choice((1, 1, 2, 3)))})
        participants = [{"professional": rng.choice(workers_by_team[team]), "role": "regie",
                         "hours": 1}]
        chosen: set[str] = set()
        for area in need[: rng.randint(1, 3)]:
            pool = specialists_by_area[area]
            if not pool:
                continue
            sample = [pool[rng.randrange(len(pool))] for _ in range(4)]
            pid = max(sample, key=lambda p: load[p] * rng.random())  # preferential attachment
            if pid in chosen or pid == participants[0]["professional"]:
                continue
            chosen.add(pid)
            load[pid] += 1
            participants.append({"professional": pid, "role": "specialist",
                                 "hours": rng.choice((0.5, 1, 1.5, 2, 3, 4, 6, 8))})
        closed = opened + timedelta(days=rng.randint(1, 60))
        case: dict[str, Any] = {"id": f"c{c:07d}", "opened": opened.isoformat()}
        if closed < today:
            case["closed"] = closed.isoformat()
        case.update(team=team, wijk=WIJKEN[int(team[2:])], areas=need,
                    model=rng.choice(("netwerk", "netwerk", "expertiseteam", "triage")),
                    question=rng.choice(QUESTIONS), participants=participants,
                    outcome=rng.choice(OUTCOMES), age_band=rng.choice(AGES),
                    household=rng.choice(HOUSEHOLDS))
        out_cases.append(case)
    return {"format": "kernteamdb/1", "expertise": expertise, "organisations": organisations,
            "teams": teams, "professionals": people, "cases": out_cases}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--professionals", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    document = generate(args.professionals, args.cases, args.seed)
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False)


if __name__ == "__main__":
    main()
