"""Libraries only some requests need are imported on first use, not at start-up: a
server that never sends mail, takes an upload, renders Markdown, reports its memory or
limits rates does not carry them (together ~12 MB of the process's memory)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.cli.conftest import ROOT

LAZY = ("PIL", "aiosmtplib", "markdown_it", "psutil", "limits")

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from app.config import Settings
    from app.main import create_app

    create_app(Settings(data_dir=Path(sys.argv[1]), rate_limits=sys.argv[2] == "on"))
    print(json.dumps(sorted(m for m in sys.modules if "." not in m)))
    """
)


def _loaded(tmp_path, rate_limits: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), rate_limits],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_app_starts_without_the_rarely_used_libraries(tmp_path):
    loaded = _loaded(tmp_path, "off")
    assert "aiohttp" in loaded and "strawberry" in loaded  # the probe sees real imports
    assert loaded.isdisjoint(LAZY), sorted(loaded & set(LAZY))


def test_rate_limits_on_load_their_library(tmp_path):
    assert "limits" in _loaded(tmp_path, "on")


def test_the_lazily_imported_features_still_work():
    from schema.services import formatting, health, media

    done = formatting.format_content("**bold**", "text/markdown", lambda *_: None, str)
    assert "<strong>bold</strong>" in done.html
    assert health.memory_used_mib() > 0
    assert media.process_image(b"not an image") is None
