"""HTML to PDF with WeasyPrint: bundled fonts, and a URL fetcher that serves only the package's own assets.

WeasyPrint is imported here and only here, when a PDF is actually made (it takes a second to import).
"""

from __future__ import annotations

import logging
import mimetypes
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The fonts the PDF uses travel with the package (OFL, full Cyrillic): PT Serif for text, PT Sans for headings.
FONT_PACKAGES = {"PT Serif": "fontpkg_pt_serif", "PT Sans": "fontpkg_pt_sans"}
_FACES = {  # file-name suffix -> (font-weight, font-style)
    "Regular": ("400", "normal"), "Italic": ("400", "italic"), "Bold": ("700", "normal"),
    "BoldItalic": ("700", "italic"),
}


def font_dirs() -> dict[str, Path]:
    return {family: Path(str(resources.files(package).joinpath("files")))
            for family, package in FONT_PACKAGES.items()}


def font_face_css() -> str:
    rules = []
    for family, folder in font_dirs().items():
        for path in sorted(folder.glob("*.ttf")):
            face = path.stem.rsplit("-", 1)[-1]
            if face in _FACES:
                weight, style = _FACES[face]
                rules.append(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                             f"font-weight: {weight}; font-style: {style}; }}")
    return "\n".join(rules)


class RefusedURL(ValueError):
    pass


def make_url_fetcher(allowed_roots: list[Path]):
    """A WeasyPrint URL fetcher that reads local files under `allowed_roots` and refuses everything else:
    no network, no file elsewhere on the machine, whatever a template or the corpus text asks for."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [root.resolve() for root in allowed_roots]

    class AssetFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme != "file":
                raise RefusedURL(f"refused {parts.scheme or 'relative'} URL (only the package's own assets load)")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in roots):
                raise RefusedURL(f"refused file outside the template and font folders: {path}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    return AssetFetcher()


def html_to_pdf(html: str, base_dir: Path, extra_roots: list[Path] | None = None) -> bytes:
    """Render HTML to PDF bytes; relative URLs resolve against `base_dir` (the template folder)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint reports refused and missing resources as warnings; keep them out of the user's terminal
    # unless asked (the CLI's --verbose raises the level).
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    roots = [base_dir, *(extra_roots or []), *font_dirs().values()]
    fetcher = make_url_fetcher(roots)
    document = HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher)
    font_config = FontConfiguration()
    fonts = CSS(string=font_face_css(), url_fetcher=fetcher, font_config=font_config)
    return document.write_pdf(stylesheets=[fonts], font_config=font_config)
