"""What phones and the installable web app are given: names, icons, colours."""

import json
import struct
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_the_web_manifest_is_trellis_own_with_icons_that_exist_at_their_sizes():
    manifest = json.loads((ASSETS / "manifest.json").read_text())
    assert manifest["name"] == manifest["short_name"] == "Trellis"
    assert manifest["theme_color"].upper() == "#3F8F83" and manifest["display"] == "standalone"
    purposes = set()
    for icon in manifest["icons"]:
        width, height = (int(n) for n in icon["sizes"].split("x"))
        assert png_size(ASSETS / icon["src"]) == (width, height)
        purposes.add(icon.get("purpose", "any"))
    assert purposes == {"any", "maskable"}
    assert {"192x192", "512x512"} <= {i["sizes"] for i in manifest["icons"]}


def test_flet_build_settings_name_the_app_and_its_images():
    flet = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["flet"]
    assert flet["product"] == "Trellis" and flet["org"] and flet["bundle_id"].startswith(flet["org"])
    assert flet["app"]["module"] == "app.__main__"
    assert "permission" not in flet.get("android", {})  # the app asks for nothing beyond the defaults
    assert png_size(ASSETS / "icon.png") == (1024, 1024)
    assert png_size(ASSETS / "splash.png") == (512, 512)


def test_fingerprint_or_face_comes_from_flet_local_auth_pinned_with_flet_and_face_id_says_why():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    deps = project["project"]["dependencies"]
    assert "flet-local-auth>=1.0.5,<1.1" in deps and "flet[web]>=1.0.5,<1.1" in deps
    why = project["tool"]["flet"]["ios"]["info"]["NSFaceIDUsageDescription"]
    assert "Trellis" in why and "PIN" in why
