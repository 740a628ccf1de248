"""Page weight: what a browser fetches on a first visit to each page, on the wire and decoded."""
from __future__ import annotations

import gzip
import html.parser
import re
import urllib.parse
import zlib

from harness import Client, Response, log


class Assets(html.parser.HTMLParser):
    """Collect what a browser would fetch on a first visit: stylesheets, scripts, images, icons."""

    def __init__(self):
        super().__init__()
        self.fetch: list[tuple[str, str]] = []   # (kind, url)
        self.inline_js = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and a.get("href"):
            self.fetch.append(("css", a["href"]))
        elif tag == "link" and ("icon" in rel or "apple-touch-icon" in rel) and a.get("href"):
            self.fetch.append(("icon", a["href"]))
        elif tag == "link" and ({"preload", "modulepreload"} & set(rel)) and a.get("href"):
            self.fetch.append(("preload", a["href"]))
        elif tag == "script":
            if a.get("src"):
                self.fetch.append(("js", a["src"]))
            else:
                self._in_script = True
        elif tag in ("img", "source", "input") and a.get("src"):
            self.fetch.append(("img", a["src"]))
        elif tag in ("iframe", "embed", "object") and (a.get("src") or a.get("data")):
            self.fetch.append(("other", a.get("src") or a.get("data")))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.inline_js += len(data.encode())



CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


BROWSER = {"Accept-Encoding": "gzip, deflate, br"}


def decoded(r: Response) -> bytes:
    """Undo the response's Content-Encoding (gzip, deflate or br), as a browser would."""
    enc = r.headers.get("content-encoding", "").lower()
    if enc in ("", "identity"):
        return r.body
    if enc == "gzip":
        return gzip.decompress(r.body)
    if enc == "deflate":
        return zlib.decompress(r.body)
    if enc == "br":
        import brotli
        return brotli.decompress(r.body)
    raise RuntimeError(f"unknown Content-Encoding {enc!r}")


def page_weight(c: Client, path: str) -> dict:
    """Fetch a page as a browser would (accepting gzip and br) and everything a first visit loads.

    Returns bytes on the wire per kind (HTML, CSS, JS, images and icons), the decoded total of HTML,
    CSS and JS, and the number of requests.
    """
    page = c.request("GET", path, extra=BROWSER)
    if page.status != 200:
        return {"path": path, "status": page.status}
    html_text = decoded(page)
    parser = Assets()
    parser.feed(html_text.decode("utf-8", "replace"))
    sizes = {"html": len(page.body), "css": 0, "js": parser.inline_js, "img": 0}
    plain = len(html_text)
    seen, requests = set(), 1
    queue = list(parser.fetch)
    fetch = Client(c.port)
    while queue:
        kind, url = queue.pop(0)
        if url.startswith("data:"):
            continue
        u = urllib.parse.urlsplit(url)
        target = u.path + (f"?{u.query}" if u.query else "")
        if target in seen:
            continue
        seen.add(target)
        r = fetch.request("GET", target, extra=BROWSER)
        requests += 1
        key = {"css": "css", "js": "js"}.get(kind, "img")
        sizes[key] += len(r.body)
        body = decoded(r)
        if key in ("css", "js"):
            plain += len(body)
        if kind == "css":
            for ref in CSS_URL.findall(body.decode("utf-8", "replace")):
                queue.append(("img", urllib.parse.urljoin(target, ref)))
    total = sizes["html"] + sizes["css"] + sizes["js"]
    return {"path": path, "status": 200, **sizes, "total": total, "plain": plain, "requests": requests,
            "encoding": page.headers.get("content-encoding", ""),
            "scripts": sum(1 for k, _ in parser.fetch if k == "js") + (1 if parser.inline_js else 0)}


def weigh_pages(setup) -> list[dict]:
    """Weigh every page a patient or clinician opens, each as the person who would open it."""
    m0 = next(iter(setup.cat.modules.values()))
    q0, q1 = m0.questions[0], m0.questions[1]
    port = setup.app.port
    fresh = Client(port)
    pages = [("home, first visit", fresh, "/"), ("home, returning patient", setup.done, "/"),
             ("glossary", fresh, "/glossary"), ("topic overview", setup.reader, f"/m/{m0.id}"),
             ("reading section", setup.reader, f"/m/{m0.id}/read/{q1.section_id}"),
             ("question", setup.reader, f"/m/{m0.id}/q/{q1.id}"),
             ("feedback", setup.done, f"/m/{m0.id}/q/{q0.id}/feedback"),
             ("results", setup.done, f"/m/{m0.id}/results"), ("consult sheet (6 topics)", setup.done, "/sheet")]
    if setup.clinician:
        public_id = setup.report_path.rsplit("/", 1)[-1]
        pages += [("assignment link (welcome)", Client(port), setup.link),
                  ("clinician sign-in", Client(port), "/clinician/login"),
                  ("clinician assignments", setup.clinician, "/clinician/"),
                  ("clinician new assignment", setup.clinician, "/clinician/assignments/new"),
                  ("clinician report (2 people x 6 topics)", setup.clinician, setup.report_path),
                  ("clinician handout", setup.clinician, f"/clinician/assignments/{public_id}/handout")]
        if setup.clinician.get(f"{setup.report_path}/answers").status == 200:
            pages.append(("clinician, every answer (2 people x 6 topics)", setup.clinician,
                          f"{setup.report_path}/answers"))
    out = []
    for name, c, path in pages:
        pw = page_weight(c, path)
        pw["name"] = name
        out.append(pw)
    if setup.clinician:  # the statistics page shows one topic at a time: weigh each, keep the heaviest
        heaviest = max((page_weight(setup.clinician, f"/clinician/stats?module={m}")
                        for m in setup.cat.modules), key=lambda pw: pw.get("total", 0))
        heaviest["name"] = f"clinician question statistics (heaviest: `{heaviest['path'].rsplit('/', 1)[-1]}`)"
        out.append(heaviest)
    log("page weight: " + ", ".join(f"{p['name']} {p.get('total', 0) / 1024:.1f} KB/{p.get('requests')}"
                                    for p in out))
    return out
