"""The benchmark's requests (W1-W6) and how every answer is judged.

Each workload is one HTTP request with the bench user's bearer token. The same check runs
in two places: :func:`Workload.verify` (Python, before a measured run and in the profiler)
and ``check.lua`` (inside wrk, on every response of a measured run). A timeline answer
must be 200, hold exactly 20 statuses and list them newest first; a wrong answer counts as
an error, so a fast wrong server cannot win.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from benchmarks.seed import Dataset

ROOT = Path(__file__).resolve().parent.parent
PAGE = 20
#: The status W2 posts (public, plain text, a mention-free sentence of ordinary length).
POST_TEXT = "Benchmark post: the quick brown fox jumps over the lazy dog, again and again."


@dataclass(frozen=True)
class HttpRequest:
    """One request as the load generator sends it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None = None


@dataclass(frozen=True)
class Workload:
    """A named request and the kind of answer it must get.

    ``check`` is one of ``statuses`` (a REST page of :data:`PAGE` statuses, newest first),
    ``account`` (the bench user), ``created`` (a new public status) and ``graphql`` (a
    GraphQL page of :data:`PAGE` edges, newest first, no errors).
    """

    name: str
    title: str
    method: str
    path: str
    check: str
    body_kind: str | None = None  # "status" or "graphql"
    deep: bool = False  # W5: page from the 5,000th newest status

    def request(self, dataset: Dataset) -> HttpRequest:
        """The request for ``dataset`` (its token, and W5's ``max_id``)."""
        headers = {"Authorization": f"Bearer {dataset.token}"}
        path = self.path
        if self.deep:
            path = f"{path}&max_id={dataset.deep_max_id}"
        body = None
        if self.body_kind == "status":
            body = json.dumps({"status": POST_TEXT, "visibility": "public"}).encode()
        elif self.body_kind == "graphql":
            body = json.dumps(
                {"query": graphql_home_query(), "variables": {"first": PAGE}}
            ).encode()
        if body is not None:
            headers["Content-Type"] = "application/json"
        return HttpRequest(self.method, path, headers, body)

    def verify(self, status: int, body: bytes, dataset: Dataset) -> str | None:
        """``None`` when the answer is right, else what is wrong with it."""
        if status != 200:
            return f"status {status}: {body[:200]!r}"
        data = json.loads(body)
        if self.check == "statuses":
            ids = [s["id"] for s in data]
            return _newest_first(ids, dataset.deep_max_id if self.deep else None)
        if self.check == "account":
            return None if data.get("username") == "bench" else f"not bench: {body[:200]!r}"
        if self.check == "created":
            ok = data.get("visibility") == "public" and data.get("id")
            return None if ok else f"not a new public status: {body[:200]!r}"
        if self.check == "graphql":
            if data.get("errors"):
                return f"errors: {data['errors']}"
            edges = data["data"]["homeTimeline"]["edges"]
            return _newest_first([e["node"]["restId"] for e in edges], None)
        raise ValueError(self.check)


def _newest_first(ids: list[str], below: str | None) -> str | None:
    if len(ids) != PAGE:
        return f"{len(ids)} statuses, expected {PAGE}"
    if ids != sorted(ids, reverse=True) or len(set(ids)) != PAGE:
        return "not newest first"
    if below is not None and ids[0] >= below:
        return f"page starts at {ids[0]}, not below max_id {below}"
    return None


def graphql_home_query() -> str:
    """W6's operation: ``graphql_examples/homeTimeline.graphql`` (W1's fields)."""
    text = (ROOT / "graphql_examples" / "homeTimeline.graphql").read_text()
    return re.sub(r"(?m)^#.*\n", "", text)


WORKLOADS: dict[str, Workload] = {
    w.name: w
    for w in (
        Workload("W1", "home timeline", "GET", "/api/v1/timelines/home?limit=20", "statuses"),
        Workload(
            "W3", "verify_credentials", "GET", "/api/v1/accounts/verify_credentials", "account"
        ),
        Workload("W4", "public timeline", "GET", "/api/v1/timelines/public?limit=20", "statuses"),
        Workload(
            "W5", "home, deep page", "GET", "/api/v1/timelines/home?limit=20", "statuses", deep=True
        ),
        Workload("W6", "GraphQL home timeline", "POST", "/graphql", "graphql", body_kind="graphql"),
        # W2 writes: it runs last so the reads above see the seeded data only.
        Workload("W2", "post a status", "POST", "/api/v1/statuses", "created", body_kind="status"),
    )
}
