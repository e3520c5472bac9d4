"""Page speed: the search page rendered on the server, and a 2-hop ego
network drawn in Chromium.

Targets (issue 4): the search page p50 <= 30 ms on the demo network; a
2-hop ego network of about 200 people drawn in under 1 s. Issue 18: every
page's server time on the demo (the worker's and the coordinator's); the
Netwerk page at depth 2 for the demo's largest 2-hop network answered in
<= 300 ms (p90) with <= 150 KB of HTML.

    python bench/bench_pages.py [--rounds 20] [--draws 7] [--professionals 800] [--cases 3000]

**Server.** The demo network (anchored to a fixed day) in a temporary store,
the app with Flask's test client signed in as the demo wijkwerker (so every
search has a requester and a team: shared history, proximity and a path per
card). Each page of a fixed list (typed words, synonyms, typos, lay phrases,
two needs, filters, a domain alone; and the profile, network, expertise and
teams pages) is rendered once to warm up and then ``--rounds`` times; the
time is the whole request (routing, search, template), per render. The
demo's largest 2-hop network (``nearest_ego``) is timed the same way (its
graph is kept per store revision: the first request, which makes it, is
reported apart), and the size of its HTML.

**Browser.** A synthetic pool (``bench/synthetic.py``) in a temporary
store; the person whose 2-hop network is nearest 200 people; the app on
waitress and Debian's Chromium via Playwright (``/usr/bin/chromium``,
headless). Each draw is a fresh load of ``/netwerk?center=...&diepte=2``
with the default kinds of link, measured in the page: from parsing the
graph data to the first frame painted after cytoscape's ``layoutstop``
(the ``kernteam-graph`` performance measure of ``web/static/network.js``),
and from the start of navigation to that frame. The demo network's largest
2-hop network is drawn the same way.

Prints a table and writes ``bench/results/pages.json`` with the machine and
the date.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from bench.bench_import import RESULTS, code_state, machine  # noqa: E402
from bench.bench_search import percentile  # noqa: E402
from directory.accounts import users as accounts  # noqa: E402
from directory.exchange.document import import_document  # noqa: E402
from directory.pool.demo import load_demo  # noqa: E402
from graph.stores import open_store  # noqa: E402
from web import create_app, guard  # noqa: E402

TODAY = date(2026, 11, 16)
CHROMIUM = "/usr/bin/chromium"
SEARCHES = [
    "geheugenproblemen", "Alzheimer", "NAH", "LVB", "betalingsachterstand", "demntie", "hersenletstel",
    "schuldenproblematiek", "alcoholverslaving", "licht verstandelijke beperking", "vader na een beroerte",
    "vergeet steeds de afspraken", "zoon is psychotisch", "dementie en schulden", "eenzaamheid",
    "huiselijk geweld", "vechtscheiding", "rommel in huis", "opvoedproblemen", "het regent",
]
FILTERED = ["q=dementie&organisatie=org-vivent&uren=1", "q=schulden&wijk=Zuidoost",
            "q=verslaving&model=netwerk", "q=&domein=hersenen-cognitie"]
OTHER_PAGES = ["/", "/profiel/p-0046", "/netwerk?center=p-0046&diepte=2",
               "/netwerk/pad?van=p-0043&naar=p-0100", "/netwerk/organisaties", "/expertise",
               "/expertise/dementie", "/expertise/tekorten", "/expertise/tekorten?wijk=Zuidoost",
               "/teams", "/teams/kt-zuidoost", "/organisaties", "/organisaties/org-vivent",
               "/consultaties", "/consultaties/nieuw?specialist=p-0046&q=vergeet+afspraken",
               "/meldingen", "/toegankelijkheid"]
#: The coordinator's pages (Beheer), timed signed in as the demo's coordinator.
COORDINATOR_PAGES = ["/beheer/", "/beheer/actualiteit", "/beheer/audit",
                     "/beheer/evaluatie", "/beheer/evaluatie?print=1", "/beheer/import",
                     "/teams/kt-zuidoost/agenda"]


def timed(client: Any, path: str, rounds: int) -> list[float]:
    answer = client.get(path)  # warm-up
    if answer.status_code != 200:
        raise SystemExit(f"{path}: status {answer.status_code}")
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.get(path).close()
        out.append((time.perf_counter() - started) * 1000)
    return out


def summary(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50": round(statistics.median(values), 2),
            "p90": round(percentile(values, 0.9), 2), "p99": round(percentile(values, 0.99), 2)}


def signed_in(app: Any, store: Any, name: str) -> Any:
    """A test client with ``name``'s session."""
    client = app.test_client()
    with app.app_context():
        values = guard.session_values(store.get_user(name))
    with client.session_transaction() as session:
        session.update(values)
    return client


def server_side(rounds: int, folder: Path) -> dict[str, Any]:
    store = open_store(f"sqlite:///{folder / 'demo.db'}", create=True)
    load_demo(store, today=TODAY)
    app = create_app({"TESTING": True, "TODAY": TODAY}, store=store)
    client = signed_in(app, store, "wijkwerker")
    coordinator = signed_in(app, store, "coordinator")
    plain = [t for q in SEARCHES for t in timed(client, f"/zoeken?q={q}", rounds)]
    filtered = [t for q in FILTERED for t in timed(client, f"/zoeken?{q}", rounds)]
    pages = {path: summary(timed(client, path, rounds)) for path in OTHER_PAGES}
    pages.update({path: summary(timed(coordinator, path, rounds)) for path in COORDINATOR_PAGES})
    center, size = nearest_ego(store, 10_000)  # the largest 2-hop network the demo has
    largest = f"/netwerk?center={center}&diepte=2"
    started = time.perf_counter()  # the first time: the graph is made (then kept until the pool changes)
    client.get(largest).close()
    cold = (time.perf_counter() - started) * 1000
    network = {"path": largest, "people": size, **summary(timed(client, largest, rounds)),
               "first_ms": round(cold, 2), "html_bytes": len(client.get(largest).get_data())}
    store.close()
    return {"search": summary(plain), "search_filtered": summary(filtered), "pages": pages,
            "largest_network": network}


def nearest_ego(store: Any, size: int) -> tuple[str, int]:
    """The professional whose 2-hop network is nearest ``size`` people (ties: by id)."""
    best: tuple[int, str, int] | None = None
    for person in store.iter_records("professionals"):
        found = len(store.ego(person.id, 2)[0])
        key = (abs(found - size), person.id, found)
        if best is None or key < best:
            best = key
    assert best is not None
    return best[1], best[2]


def serve(store: Any) -> tuple[Any, str]:
    from waitress.server import create_server

    app = create_app({"TODAY": TODAY, "PLAIN_HTTP": True, "SECRET_KEY": "bench " * 8}, store=store)
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://127.0.0.1:{server.effective_port}"


def draws(browser: Any, base: str, user: str, password: str, center: str, times: int) -> dict[str, Any]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "/inloggen")
    page.fill("#name", user)
    page.fill("#password", password)
    page.click("form.login button[type=submit]")
    page.wait_for_url(base + "/")
    graph, total, nodes, edges = [], [], 0, 0
    for _ in range(times + 1):  # the first load warms the browser's cache of the scripts
        page.goto(f"{base}/netwerk?center={center}&diepte=2")
        page.wait_for_selector("#graph[data-drawn=true]", timeout=30_000)
        measured = page.evaluate("""() => ({
            graph: performance.getEntriesByName('kernteam-graph')[0].duration,
            total: performance.getEntriesByName('kernteam-graph-drawn')[0].startTime,
            nodes: window.kernteamGraph.nodes().not('.group').length,
            edges: window.kernteamGraph.edges().length})""")
        graph.append(measured["graph"])
        total.append(measured["total"])
        nodes, edges = measured["nodes"], measured["edges"]
    context.close()
    return {"center": center, "nodes": nodes, "edges": edges,
            "data_to_drawn_ms": summary(graph[1:]), "navigation_to_drawn_ms": summary(total[1:])}


def in_browser(folder: Path, professionals: int, cases: int, times: int) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        return {"skipped": f"no Chromium at {CHROMIUM}"}
    from playwright.sync_api import sync_playwright

    from devkit.synthetic import generate

    pool = open_store(f"sqlite:///{folder / 'pool.db'}", create=True)
    import_document(json.dumps(generate(professionals, cases, today=TODAY)), pool)
    center, size = nearest_ego(pool, 200)
    accounts.add_user(pool, "bench", "wijkwerker", "bench-password", professional=center)
    demo = open_store(f"sqlite:///{folder / 'demo-browser.db'}", create=True)
    load_demo(demo, today=TODAY)
    demo_center, _ = nearest_ego(demo, 10_000)  # the largest network the demo has
    out: dict[str, Any] = {"pool": {"professionals": professionals, "cases": cases}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        out["chromium"] = browser.version
        for name, store, user, password, person in (
                ("synthetic", pool, "bench", "bench-password", center),
                ("demo", demo, "wijkwerker", accounts.DEMO_PASSWORD, demo_center)):
            server, base = serve(store)
            try:
                out[name] = draws(browser, base, user, password, person, times)
            finally:
                server.close()
        browser.close()
    out["synthetic"]["ego_people"] = size
    pool.close()
    demo.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="renders per server-side page")
    parser.add_argument("--draws", type=int, default=7, help="page loads per drawn network")
    parser.add_argument("--professionals", type=int, default=800)
    parser.add_argument("--cases", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        server = server_side(args.rounds, folder)
        browser = in_browser(folder, args.professionals, args.cases, args.draws)
    print(f"{'what':58} {'p50 ms':>8} {'p90 ms':>8} {'target':>8}")
    print(f"{'search page, demo network (' + str(len(SEARCHES)) + ' queries)':58} "
          f"{server['search']['p50']:8.1f} {server['search']['p90']:8.1f} {'<= 30':>8}")
    print(f"{'search page with filters':58} {server['search_filtered']['p50']:8.1f} "
          f"{server['search_filtered']['p90']:8.1f}")
    for path, figures in server["pages"].items():
        print(f"{path:58} {figures['p50']:8.1f} {figures['p90']:8.1f}")
    largest = server["largest_network"]
    print(f"{'Netwerk, largest demo 2-hop network (' + str(largest['people']) + ' people)':58} "
          f"{largest['p50']:8.1f} {largest['p90']:8.1f} {'<= 300':>8}")
    print(f"{'  ... first request (makes the graph)':58} {largest['first_ms']:8.1f} {'':8} {'<= 300':>8}")
    print(f"{'  ... its HTML, KB':58} {largest['html_bytes'] / 1000:8.1f} {'':8} {'<= 150':>8}")
    if "skipped" in browser:
        print(f"browser: skipped ({browser['skipped']})")
    else:
        for name in ("synthetic", "demo"):
            drawn = browser[name]
            label = f"{name}: 2-hop network of {drawn['nodes']} people, {drawn['edges']} links"
            print(f"{label + ', data to drawn':58} {drawn['data_to_drawn_ms']['p50']:8.1f} "
                  f"{drawn['data_to_drawn_ms']['p90']:8.1f} {'< 1000' if name == 'synthetic' else '':>8}")
            print(f"{'  ... navigation start to drawn':58} {drawn['navigation_to_drawn_ms']['p50']:8.1f} "
                  f"{drawn['navigation_to_drawn_ms']['p90']:8.1f}")
    RESULTS.mkdir(exist_ok=True)
    report = {"measured": time.strftime("%Y-%m-%d %H:%M"), "machine": machine(), "code": code_state(),
              "server": server, "browser": browser}
    (RESULTS / "pages.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
