"""The explain report opened in a real headless browser (Debian's chromium): kept and removed
blocks are both visible, and look different."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from herald_scraper.explain import explain

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "fixtures" / "pages" / "ghost_en_newsletter.html"
URL = "https://dispatch.localpress.news/the-slow-death-of-the-county-paper-and-what-comes-next/"
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")

# Run in the page by the browser: what a reader sees of each kind of block.
PROBE = """<script>
const seen = {};
for (const kind of ["kept", "removed"]) {
  const blocks = [...document.querySelectorAll(".block." + kind)];
  const visible = blocks.filter(b => {
    const r = b.getBoundingClientRect(), s = getComputedStyle(b);
    return r.width > 0 && r.height > 0 && s.visibility === "visible" && s.display !== "none";
  });
  seen[kind] = {count: blocks.length, visible: visible.length,
                background: blocks.length ? getComputedStyle(blocks[0]).backgroundColor : null};
}
const out = document.createElement("pre");
out.id = "probe";
out.textContent = JSON.stringify(seen);
document.body.appendChild(out);
</script>"""


@pytest.mark.skipif(BROWSER is None, reason="no chromium (apt-get install chromium)")
def test_both_kinds_of_block_are_visible_in_a_browser(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(explain(PAGE.read_bytes(), URL).replace("</body>", PROBE + "</body>"))
    proc = subprocess.run(
        [str(BROWSER), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", report.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    match = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout)
    assert match, proc.stderr[-2000:]
    seen = json.loads(match.group(1).replace("&quot;", '"'))
    assert seen["kept"]["count"] > 0 and seen["kept"]["visible"] == seen["kept"]["count"]
    assert seen["removed"]["count"] > 0 and seen["removed"]["visible"] == seen["removed"]["count"]
    assert seen["kept"]["background"] != seen["removed"]["background"]
