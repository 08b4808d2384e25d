"""Draw the app's PNG icons from assets/icon.svg with Chromium (no Pillow needed).

    python3 assets/make_icons.py

Writes icon.png (1024 px, for `flet build`), splash.png, favicon.png and the
web app's icons/ (192 and 512 px, plain and maskable: full-bleed, with the
sprout inside the safe zone).
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
SVG = (HERE / "icon.svg").read_text()
# Maskable icons are cropped to a circle or squircle by the phone: no corners
# of our own, and the drawing shrunk into the middle 80 %.
MASKABLE = (SVG.replace('rx="112"', 'rx="0"')
            .replace('<g stroke', '<g transform="translate(51.2 51.2) scale(0.8)"><g stroke', 1)
            .replace("</svg>", "</g></svg>"))
# The splash shows the sprout alone, on the splash colour.
SPLASH = SVG.replace('fill="#3F8F83"', 'fill="none"').replace('#FFFFFF', '#3F8F83').replace('#CFE9E3', '#9CCFC4')

SHOTS = [
    ("icon.png", SVG, 1024), ("favicon.png", SVG, 64), ("splash.png", SPLASH, 512),
    ("icons/icon-192.png", SVG, 192), ("icons/icon-512.png", SVG, 512),
    ("icons/icon-maskable-192.png", MASKABLE, 192), ("icons/icon-maskable-512.png", MASKABLE, 512),
]


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for name, svg, size in SHOTS:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(
                f'<html><body style="margin:0;background:transparent">'
                f'<div style="width:{size}px;height:{size}px">{svg.replace("<svg ", f"<svg width={size} height={size} ", 1)}</div>'
                f"</body></html>"
            )
            out = HERE / name
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out), omit_background=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
